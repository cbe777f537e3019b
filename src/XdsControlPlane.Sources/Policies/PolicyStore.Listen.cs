using Npgsql;
using XdsControlPlane.Sources.Policies.Migrations.Postgres;

namespace XdsControlPlane.Sources.Policies;

/// <summary>Change notifications on PostgreSQL: every audit row (any replica's write) is announced by a trigger.</summary>
public sealed partial class PolicyStore
{
    /// <summary>The application name of the listening connection (seen in <c>pg_stat_activity</c>).</summary>
    internal const string ListenerApplicationName = "xds-control-plane-listener";

    /// <summary>True when changes are announced (PostgreSQL), so <see cref="ListenAsync"/> can be used.</summary>
    public bool AnnouncesChanges => Database.Provider == PolicyDatabaseProvider.Postgres;

    /// <summary>
    /// Listens on a connection of its own: calls <paramref name="listening"/> once LISTEN is in place (notifications
    /// missed while not listening are not replayed, so the caller re-reads everything then) and
    /// <paramref name="changed"/> for each notification. Returns only by throwing: when cancelled, or when the
    /// connection fails (the server stopped, the network broke; keepalives find a silent peer).
    /// </summary>
    internal async Task ListenAsync(Action listening, Action changed, CancellationToken cancellationToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(PostgresConnectionString(Database, Options.BusyTimeout))
        {
            Pooling = false,
            KeepAlive = 5,
            ApplicationName = ListenerApplicationName,
        };
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        connection.Notification += (_, _) => changed();
        await connection.OpenAsync(cancellationToken);
        await using (var command = new NpgsqlCommand($"LISTEN {PostgresSchema.ChangeChannel}", connection))
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        listening();
        while (true)
        {
            await connection.WaitAsync(cancellationToken);
        }
    }
}
