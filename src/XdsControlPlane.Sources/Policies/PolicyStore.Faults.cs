using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace XdsControlPlane.Sources.Policies;

/// <summary>Running operations: one context each, database failures turned into a fault, writes in one transaction.</summary>
public sealed partial class PolicyStore
{
    private const int SqliteConstraint = 19;

    private async Task<T> Run<T>(string operation, Func<PolicyDbContext, Task<T>> action, bool create = false)
    {
        try
        {
            await using var db = NewContext(create ? _createOptions : _openOptions);
            return await action(db);
        }
        catch (Exception e) when (Describe(e) is { } problem)
        {
            SetFault(problem);
            LogFailed(operation, DatabasePath, problem);
            throw new PolicyStoreUnavailableException($"the policy store is unavailable: {problem}", e);
        }
    }

    private async Task<PolicyWriteResult> Write(string operation, Func<PolicyDbContext, Task<PolicyWriteResult>> change, CancellationToken cancellationToken)
    {
        var result = await Run(operation, async db =>
        {
            // BEGIN IMMEDIATE: writers queue for the lock here (up to the busy timeout), so the revision check and the
            // update see the same row; the concurrency token on Revision guards the update anyway.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                var outcome = await change(db);
                if (outcome.Status is PolicyWriteStatus.Created or PolicyWriteStatus.Replaced or PolicyWriteStatus.Deleted)
                {
                    await transaction.CommitAsync(cancellationToken);
                }

                return outcome;
            }
            catch (DbUpdateException e) when (e is DbUpdateConcurrencyException
                || e.InnerException is SqliteException { SqliteErrorCode: SqliteConstraint } or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return PolicyWriteResult.Refused(PolicyWriteStatus.Conflict, "the policy was changed concurrently; read it again and retry");
            }
        });

        if (result.Status is PolicyWriteStatus.Created or PolicyWriteStatus.Replaced or PolicyWriteStatus.Deleted)
        {
            LogChanged(result.Status, $"{result.Policy!.Namespace}/{result.Policy.Name}", result.Policy.Revision);
            // A committed write proves the database works again.
            ClearFault();
            Committed?.Invoke();
        }

        return result;
    }

    private static PolicyDbContext NewContext(DbContextOptions options) => options is DbContextOptions<PostgresPolicyDbContext> postgres
        ? new PostgresPolicyDbContext(postgres)
        : new PolicyDbContext((DbContextOptions<PolicyDbContext>)options);

    // A database failure (SQLite or PostgreSQL error, I/O, network) described for a human; null for anything else (a bug, not a fault).
    private static string? Describe(Exception e)
    {
        for (var inner = (Exception?)e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SqliteException sqlite:
                    return sqlite.Message;
                case NpgsqlException npgsql:
                    // A connection failure's own message is generic ("Exception while connecting"); its cause says which.
                    return npgsql.InnerException is { } cause and not NpgsqlException ? $"{npgsql.Message}: {cause.Message}" : npgsql.Message;
                case IOException or UnauthorizedAccessException:
                    return inner.Message;
            }
        }

        return null;
    }

    private void SetFault(string message)
    {
        lock (_faultGate)
        {
            if (_fault?.Message == message)
            {
                return;
            }

            _fault = new PolicyStoreFault(message, _fault?.Since ?? _time.GetUtcNow());
        }

        LogFaulted(DatabasePath, message);
        FaultChanged?.Invoke();
    }

    private void ClearFault()
    {
        lock (_faultGate)
        {
            if (_fault is null)
            {
                return;
            }

            _fault = null;
        }

        LogRecovered(DatabasePath);
        FaultChanged?.Invoke();
    }
}
