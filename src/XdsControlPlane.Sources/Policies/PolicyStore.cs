using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using XdsControlPlane.Model;

namespace XdsControlPlane.Sources.Policies;

/// <summary>
/// The policy store, on SQLite (a file) or PostgreSQL (shared by replicas): create, replace (with the expected
/// revision), delete, list, history. Every change bumps the
/// policy's revision and adds an audit row in the same transaction. Input is parsed and validated like an
/// <c>XdsPolicy</c> manifest. A database failure (locked beyond the busy timeout, unreadable, corrupt, unreachable) throws
/// <see cref="PolicyStoreUnavailableException"/> and sets <see cref="Fault"/> until a write, or <see cref="RecoverAsync"/>, succeeds.
/// </summary>
public sealed partial class PolicyStore
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DbContextOptions _createOptions;
    private readonly DbContextOptions _openOptions;
    private readonly Lock _faultGate = new();
    private PolicyStoreFault? _fault;
    private volatile bool _migrated;

    /// <summary>Creates the store; nothing is opened before <see cref="MigrateAsync"/>.</summary>
    /// <exception cref="FormatException"><see cref="PolicyStoreOptions.DatabasePath"/> is a malformed PostgreSQL URI.</exception>
    public PolicyStore(PolicyStoreOptions options, TimeProvider? timeProvider = null, ILogger<PolicyStore>? logger = null)
    {
        Options = options;
        Database = PolicyDatabase.Parse(options.DatabasePath);
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        if (Database.Provider == PolicyDatabaseProvider.Postgres)
        {
            _createOptions = _openOptions = PostgresOptions();
        }
        else
        {
            _createOptions = SqliteOptions(SqliteOpenMode.ReadWriteCreate);
            // After start-up a vanished file is a fault, not a fresh empty store: serving no policies would drop them all.
            _openOptions = SqliteOptions(SqliteOpenMode.ReadWrite);
        }
    }

    /// <summary>The settings.</summary>
    public PolicyStoreOptions Options { get; }

    /// <summary>Where the policies live.</summary>
    public PolicyDatabase Database { get; }

    /// <summary>Full path of the SQLite file, or the PostgreSQL URI without its password: what logs and errors show.</summary>
    public string DatabasePath => Database.Display;

    /// <summary>The current fault, or null while the database works.</summary>
    public PolicyStoreFault? Fault => Volatile.Read(ref _fault);

    /// <summary>True once the schema is up to date.</summary>
    public bool Migrated => _migrated;

    /// <summary>Raised after each committed change (on the writer's thread).</summary>
    public event Action? Committed;

    /// <summary>Raised when <see cref="Fault"/> is set, changes or clears.</summary>
    public event Action? FaultChanged;

    /// <summary>Creates the database if needed (SQLite: switched to WAL) and applies pending migrations.</summary>
    /// <exception cref="PolicyStoreUnavailableException">The database cannot be opened or migrated.</exception>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        var sqlite = Database.Provider == PolicyDatabaseProvider.Sqlite;
        if (sqlite)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        }

        await Run("migrate", async db =>
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            if (sqlite)
            {
                // WAL is a property of the file: readers and the one writer do not block each other.
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = "PRAGMA journal_mode = WAL;";
                await command.ExecuteScalarAsync(cancellationToken);
            }

            // On PostgreSQL, EF Core holds an advisory lock while migrating: replicas starting together migrate once.

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            await db.Database.MigrateAsync(cancellationToken);
            if (pending.Count > 0)
            {
                LogMigrated(DatabasePath, string.Join(", ", pending));
            }

            return true;
        }, create: true);
        _migrated = true;
    }

    /// <summary>After a fault: migrates if start-up could not, checks that a write lock can be taken, and clears the fault.</summary>
    /// <exception cref="PolicyStoreUnavailableException">The database is still unusable.</exception>
    public async Task RecoverAsync(CancellationToken cancellationToken = default)
    {
        if (!_migrated)
        {
            await MigrateAsync(cancellationToken);
        }

        await Run("probe", async db =>
        {
            // BEGIN IMMEDIATE takes the write lock (waiting up to the busy timeout) without changing anything.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            _ = await db.Policies.CountAsync(cancellationToken);
            await transaction.RollbackAsync(cancellationToken);
            return true;
        });
        ClearFault();
    }

    /// <summary>Policies matching <paramref name="query"/>, by namespace and name.</summary>
    public Task<IReadOnlyList<StoredPolicy>> ListAsync(PolicyQuery? query = null, CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<StoredPolicy>>("list", async db =>
        {
            var policies = db.Policies.AsNoTracking();
            if (query?.Section is { } section)
            {
                policies = policies.Where(p => p.Sections.Contains("," + section + ","));
            }

            if (query?.TargetKind is { } kind)
            {
                policies = policies.Where(p => p.TargetKind == kind);
            }

            if (query?.TargetNamespace is { } targetNamespace)
            {
                policies = policies.Where(p => p.TargetNamespace == targetNamespace);
            }

            if (query?.TargetName is { } targetName)
            {
                policies = policies.Where(p => p.TargetName == targetName);
            }

            var rows = await policies.OrderBy(p => p.Namespace).ThenBy(p => p.Name).ToListAsync(cancellationToken);
            return [.. rows.Select(StoredPolicy.From)];
        });

    /// <summary>One policy, or null.</summary>
    public Task<StoredPolicy?> GetAsync(string ns, string name, CancellationToken cancellationToken = default) =>
        Run("get", async db => await db.Policies.AsNoTracking().SingleOrDefaultAsync(p => p.Namespace == ns && p.Name == name, cancellationToken) is { } r
            ? StoredPolicy.From(r)
            : null);

    /// <summary>A policy's changes, oldest first; empty when it never existed.</summary>
    public Task<IReadOnlyList<PolicyAuditEntry>> HistoryAsync(string ns, string name, CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<PolicyAuditEntry>>("history", async db =>
        {
            var rows = await db.Audit.AsNoTracking().Where(a => a.Namespace == ns && a.Name == name).OrderBy(a => a.Id).ToListAsync(cancellationToken);
            return [.. rows.Select(a => new PolicyAuditEntry(a.Revision, a.Action, a.Actor, a.At, a.Spec))];
        });

    /// <summary>Stores a new policy (JSON of an <c>XdsPolicy</c> object) at revision 1, or one past the last revision of a deleted namesake.</summary>
    public Task<PolicyWriteResult> CreateAsync(string json, string? actor, CancellationToken cancellationToken = default)
    {
        var (parsed, errors) = PolicyDocument.Parse(json);
        return parsed is null ? Task.FromResult(Invalid(errors)) : Write("create", async db =>
        {
            if (await db.Policies.AnyAsync(p => p.Namespace == parsed.Namespace && p.Name == parsed.Name, cancellationToken))
            {
                return PolicyWriteResult.Refused(PolicyWriteStatus.Conflict, $"policy {parsed.Namespace}/{parsed.Name} already exists; replace it (PUT with If-Match)");
            }

            // Revisions never repeat for a name, so an ETag of a deleted policy cannot match its successor.
            var last = await db.Audit.Where(a => a.Namespace == parsed.Namespace && a.Name == parsed.Name).MaxAsync(a => (long?)a.Revision, cancellationToken) ?? 0;
            var now = _time.GetUtcNow();
            var record = new PolicyRecord
            {
                Namespace = parsed.Namespace,
                Name = parsed.Name,
                TargetKind = parsed.Model.Target.Kind,
                TargetNamespace = parsed.Model.Target.Namespace,
                TargetName = parsed.Model.Target.Name,
                TargetSection = parsed.Model.Target.SectionName,
                Sections = parsed.Sections,
                Spec = parsed.SpecJson,
                Revision = last + 1,
                CreatedAt = now,
                UpdatedAt = now,
                CreatedBy = actor,
                UpdatedBy = actor,
            };
            db.Policies.Add(record);
            db.Audit.Add(Audit(record, "Created", actor, record.Spec));
            await db.SaveChangesAsync(cancellationToken);
            return PolicyWriteResult.Done(PolicyWriteStatus.Created, StoredPolicy.From(record));
        }, cancellationToken);
    }

    /// <summary>Replaces a policy's spec if it is still at <paramref name="expectedRevision"/>.</summary>
    public Task<PolicyWriteResult> ReplaceAsync(string ns, string name, string json, long expectedRevision, string? actor, CancellationToken cancellationToken = default)
    {
        var (parsed, errors) = PolicyDocument.Parse(json, ns, name);
        return parsed is null ? Task.FromResult(Invalid(errors)) : Write("replace", async db =>
        {
            var record = await db.Policies.SingleOrDefaultAsync(p => p.Namespace == ns && p.Name == name, cancellationToken);
            if (record is null || record.Revision != expectedRevision)
            {
                return Missing(ns, name, record, expectedRevision);
            }

            if (record.Spec == parsed.SpecJson)
            {
                return PolicyWriteResult.Done(PolicyWriteStatus.Unchanged, StoredPolicy.From(record));
            }

            record.TargetKind = parsed.Model.Target.Kind;
            record.TargetNamespace = parsed.Model.Target.Namespace;
            record.TargetName = parsed.Model.Target.Name;
            record.TargetSection = parsed.Model.Target.SectionName;
            record.Sections = parsed.Sections;
            record.Spec = parsed.SpecJson;
            record.Revision++;
            record.UpdatedAt = _time.GetUtcNow();
            record.UpdatedBy = actor;
            db.Audit.Add(Audit(record, "Replaced", actor, record.Spec));
            await db.SaveChangesAsync(cancellationToken);
            return PolicyWriteResult.Done(PolicyWriteStatus.Replaced, StoredPolicy.From(record));
        }, cancellationToken);
    }

    /// <summary>Deletes a policy; when <paramref name="expectedRevision"/> is given, only if it is still at that revision.</summary>
    public Task<PolicyWriteResult> DeleteAsync(string ns, string name, long? expectedRevision, string? actor, CancellationToken cancellationToken = default) =>
        Write("delete", async db =>
        {
            var record = await db.Policies.SingleOrDefaultAsync(p => p.Namespace == ns && p.Name == name, cancellationToken);
            if (record is null || (expectedRevision is { } expected && record.Revision != expected))
            {
                return Missing(ns, name, record, expectedRevision ?? 0);
            }

            var deleted = StoredPolicy.From(record);
            db.Policies.Remove(record);
            db.Audit.Add(Audit(record, "Deleted", actor, spec: null, revision: record.Revision + 1));
            await db.SaveChangesAsync(cancellationToken);
            return PolicyWriteResult.Done(PolicyWriteStatus.Deleted, deleted);
        }, cancellationToken);

    /// <summary>Id of the newest audit row: changes when anything was changed, by any process.</summary>
    internal Task<long> ChangeMarkerAsync(CancellationToken cancellationToken = default) =>
        Run("poll", async db => await db.Audit.MaxAsync(a => (long?)a.Id, cancellationToken) ?? 0);

    /// <summary>Every policy with the change marker read before them, mapped and validated.</summary>
    internal Task<(long Marker, IReadOnlyList<StoredPolicy> Policies)> LoadAsync(CancellationToken cancellationToken = default) =>
        Run<(long, IReadOnlyList<StoredPolicy>)>("load", async db =>
        {
            // The marker first: a change landing in between is seen again by the next poll, never missed.
            var marker = await db.Audit.MaxAsync(a => (long?)a.Id, cancellationToken) ?? 0;
            var rows = await db.Policies.AsNoTracking().OrderBy(p => p.Namespace).ThenBy(p => p.Name).ToListAsync(cancellationToken);
            return (marker, [.. rows.Select(StoredPolicy.From)]);
        });

    private PolicyAudit Audit(PolicyRecord record, string action, string? actor, string? spec, long? revision = null) => new()
    {
        Namespace = record.Namespace,
        Name = record.Name,
        Revision = revision ?? record.Revision,
        Action = action,
        Actor = actor,
        At = _time.GetUtcNow(),
        Spec = spec,
    };

    private static PolicyWriteResult Invalid(IReadOnlyList<ModelError> errors) => new(PolicyWriteStatus.Invalid, null, errors, "invalid policy");

    private static PolicyWriteResult Missing(string ns, string name, PolicyRecord? record, long expected) => record is null
        ? PolicyWriteResult.Refused(PolicyWriteStatus.NotFound, $"policy {ns}/{name} not found")
        : PolicyWriteResult.Refused(PolicyWriteStatus.Conflict, $"revision {expected} of policy {ns}/{name} is stale: it is at revision {record.Revision}; read it again");

    private DbContextOptions<PolicyDbContext> SqliteOptions(SqliteOpenMode mode)
    {
        var connection = new SqliteConnectionStringBuilder
        {
            DataSource = Database.ConnectionString,
            Mode = mode,
            // A fresh connection per operation: a database file replaced or repaired while running is seen at once.
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(Options.BusyTimeout.TotalSeconds)),
        };
        return new DbContextOptionsBuilder<PolicyDbContext>()
            .UseSqlite(connection.ToString())
            .AddInterceptors(new BusyTimeoutInterceptor(Options.BusyTimeout))
            // The migrations are hand-written without a model snapshot; tests check the schema they create instead.
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .Options;
    }

    private DbContextOptions<PostgresPolicyDbContext> PostgresOptions() =>
        new DbContextOptionsBuilder<PostgresPolicyDbContext>()
            .UseNpgsql(PostgresConnectionString(Database, Options.BusyTimeout))
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))
            .Options;

    /// <summary>
    /// The connection string the store uses: the URI's, with the busy timeout as connect timeout and lock timeout (the
    /// counterpart of SQLite's busy timeout), so an unreachable or locked server becomes a fault as soon as a locked file would.
    /// </summary>
    internal static string PostgresConnectionString(PolicyDatabase database, TimeSpan busyTimeout)
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        if (builder.Timeout == 15)
        {
            builder.Timeout = Math.Max(1, (int)Math.Ceiling(busyTimeout.TotalSeconds));
        }

        builder.ApplicationName ??= "xds-control-plane";
        builder.Options = string.Create(CultureInfo.InvariantCulture, $"{builder.Options} -c lock_timeout={Math.Max(1, (long)busyTimeout.TotalMilliseconds)}").Trim();
        return builder.ConnectionString;
    }
}
