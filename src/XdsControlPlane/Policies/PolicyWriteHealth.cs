using System.Diagnostics.Metrics;
using XdsControlPlane.Diagnostics.Metrics;
using XdsControlPlane.Model;
using XdsControlPlane.Sources.Policies;

namespace XdsControlPlane.Policies;

/// <summary>
/// Whether the policy store's write path works: down while the store is faulted (locked, unreachable) and after a write
/// was refused for a database reason (a read-only file, which reads and the store's recovery probe do not notice)
/// until a write succeeds. xDS keeps serving the last good policies either way, so this never gates readiness; it is
/// reported in <c>/readyz</c>'s detail, as <c>xds_policy_store_up</c> and in <c>/api/v1/errors</c>.
/// </summary>
internal sealed class PolicyWriteHealth : IDisposable
{
    private readonly PolicyStore _store;
    private readonly TimeProvider _clock;
    private readonly Meter _meter = new(HostMetrics.MeterName);
    private PolicyStoreFault? _writeFailure;

    public PolicyWriteHealth(PolicyStore store, TimeProvider clock)
    {
        _store = store;
        _clock = clock;
        _meter.CreateObservableGauge("xds_policy_store_up", () => Problem is null ? 1 : 0,
            description: "1 while the policy database accepts writes, 0 while writes fail (locked, read-only, unreachable); xDS keeps serving the last good policies.");
    }

    /// <summary>Raised when a write failure is recorded or cleared.</summary>
    public event Action? Changed;

    /// <summary>Why writes fail now, with since when; null while they work.</summary>
    public PolicyStoreFault? Problem => _store.Fault ?? Volatile.Read(ref _writeFailure);

    /// <summary>A write was refused for a database reason.</summary>
    public void Failed(string message)
    {
        var previous = Volatile.Read(ref _writeFailure);
        if (previous?.Message == message)
        {
            return;
        }

        Volatile.Write(ref _writeFailure, new PolicyStoreFault(message, previous?.Since ?? _clock.GetUtcNow()));
        Changed?.Invoke();
    }

    /// <summary>A write was committed: the write path works.</summary>
    public void Succeeded()
    {
        if (Interlocked.Exchange(ref _writeFailure, null) is not null)
        {
            Changed?.Invoke();
        }
    }

    /// <summary>
    /// <paramref name="model"/> (the store's) with an error on the database object while a write failure is recorded and
    /// the store itself reports no fault (the store's own fault is already in its model).
    /// </summary>
    public ModelContext Annotate(ModelContext model) =>
        _store.Fault is null && Volatile.Read(ref _writeFailure) is { } failure
            ? model.WithPolicies([], [new ModelError(new ObjectRef("PolicyStore", "", _store.DatabasePath), "",
                $"writes to the policy database fail since {failure.Since:u} ({failure.Message}); serving the last good policies", "StoreWriteFailed")], model.Generation)
            : model;

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
