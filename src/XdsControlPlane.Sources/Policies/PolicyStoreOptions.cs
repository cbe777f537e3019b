namespace XdsControlPlane.Sources.Policies;

/// <summary>Settings of <see cref="PolicyStore"/> and <see cref="PolicyStoreSource"/>.</summary>
public sealed record PolicyStoreOptions
{
    /// <summary>
    /// The SQLite database file, created (with its directory) at first start; or a PostgreSQL URI
    /// (<c>postgresql://user:password@host:port/database</c>) whose database exists and gets the schema at first start.
    /// </summary>
    public required string DatabasePath { get; init; }

    /// <summary>How long a statement waits for another connection's lock (and PostgreSQL's connect) before failing (default 5 s).</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the database is checked for changes made by another process (default 2 s).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>First retry delay after a fault; doubled after each failed retry (default 500 ms).</summary>
    public TimeSpan RetryInitial { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest retry delay (default 30 s).</summary>
    public TimeSpan RetryMax { get; init; } = TimeSpan.FromSeconds(30);
}
