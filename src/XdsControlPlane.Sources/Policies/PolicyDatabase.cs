using Npgsql;

namespace XdsControlPlane.Sources.Policies;

/// <summary>Which engine holds the policies.</summary>
public enum PolicyDatabaseProvider
{
    /// <summary>A SQLite file on this machine: one process, the embedded default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database shared by every replica.</summary>
    Postgres,
}

/// <summary>
/// Where the policies live, parsed from <c>--policy-db</c>: a file path (SQLite) or a
/// <c>postgresql://user:password@host:port/database</c> URI. <see cref="Display"/> never holds the password, so it is
/// what logs, errors and the API show.
/// </summary>
public sealed record PolicyDatabase
{
    private PolicyDatabase(PolicyDatabaseProvider provider, string connectionString, string display)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Display = display;
    }

    /// <summary>The engine.</summary>
    public PolicyDatabaseProvider Provider { get; }

    /// <summary>The full path of the SQLite file, or the Npgsql connection string (with the password).</summary>
    public string ConnectionString { get; }

    /// <summary>The full path, or the URI without its password.</summary>
    public string Display { get; }

    /// <summary>True for a URI naming PostgreSQL; anything else is a file path.</summary>
    public static bool IsPostgresUri(string value) =>
        value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a file path or a PostgreSQL URI.</summary>
    /// <exception cref="FormatException">The URI is malformed; the message says what is wrong and holds no password.</exception>
    public static PolicyDatabase Parse(string value)
    {
        if (!IsPostgresUri(value))
        {
            var path = Path.GetFullPath(value);
            return new PolicyDatabase(PolicyDatabaseProvider.Sqlite, path, path);
        }

        // Everything after the scheme with the password blanked, for error messages that must not leak it.
        var redacted = Redact(value);
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new FormatException($"'{redacted}' is not a URI of the form postgresql://user:password@host:port/database");
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0 || database.Contains('/', StringComparison.Ordinal))
        {
            throw new FormatException($"'{redacted}' names no database: end it with /<database>");
        }

        var userInfo = uri.UserInfo.Split(':', 2);
        var user = Uri.UnescapeDataString(userInfo[0]);
        if (user.Length == 0)
        {
            throw new FormatException($"'{redacted}' names no user: write postgresql://user:password@host:port/database");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = database,
            Username = user,
        };
        if (userInfo.Length == 2)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        // Query parameters are Npgsql connection-string keywords (sslmode=require, for one); an unknown one is an error.
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, setting) = pair.Split('=', 2) is [var k, var v] ? (Uri.UnescapeDataString(k), Uri.UnescapeDataString(v)) : (Uri.UnescapeDataString(pair), "");
            if (key.Equals("password", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"'{redacted}': give the password in the user part (user:password@host), not as a query parameter");
            }

            try
            {
                builder[key] = setting;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
            {
                throw new FormatException($"'{redacted}': query parameter '{key}' is not a connection setting PostgreSQL's client knows ({e.Message})");
            }
        }

        var display = $"postgresql://{Uri.EscapeDataString(user)}@{builder.Host}:{builder.Port}/{Uri.EscapeDataString(database)}";
        return new PolicyDatabase(PolicyDatabaseProvider.Postgres, builder.ConnectionString, display);
    }

    // The URI with the password (between the first ':' after the scheme and the '@') and query values replaced by ***.
    private static string Redact(string value)
    {
        if (value.IndexOf('?', StringComparison.Ordinal) is var question and >= 0)
        {
            var keys = value[(question + 1)..].Split('&').Select(pair => pair.Split('=', 2)[0] + "=***");
            value = value[..question] + "?" + string.Join('&', keys);
        }

        var start = value.IndexOf("://", StringComparison.Ordinal) + 3;
        var at = value.LastIndexOf('@');
        var colon = value.IndexOf(':', start);
        return at > start && colon >= 0 && colon < at ? string.Concat(value.AsSpan(0, colon + 1), "***", value.AsSpan(at)) : value;
    }
}
