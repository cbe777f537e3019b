namespace XdsControlPlane;

/// <summary>The policy store (section <c>Policies</c>): a SQLite file, or PostgreSQL shared by replicas.</summary>
public sealed class PolicyOptions
{
    /// <summary>
    /// Database file (SQLite), or a <c>postgresql://user:password@host:port/database</c> URI;
    /// <c>&lt;DataDirectory&gt;/policies.db</c> when unset.
    /// </summary>
    public string? Database { get; set; }

    /// <summary>How long a statement waits for another connection's lock before the store reports a fault.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the database is checked for changes made by another process.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
