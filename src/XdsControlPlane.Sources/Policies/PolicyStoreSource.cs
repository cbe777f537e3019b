using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Sources.Policies;

/// <summary>
/// Serves the policy store as model contexts holding its policies (validated like manifest policies; an invalid row is
/// left out and reported, or, if it was valid before, keeps its last good revision in service). Reloads after every
/// committed change, when PostgreSQL announces one (LISTEN/NOTIFY: another replica's write, at once; everything is
/// re-read after each (re)connection of the listener), and when the newest audit id moves (polling, the fallback). While the database is faulted it keeps the last good policies, adds the fault to
/// <see cref="ModelContext.SourceErrors"/>, and retries with a doubling backoff until it recovers.
/// </summary>
public sealed partial class PolicyStoreSource : IModelSource
{
    private readonly PolicyStore _store;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private ModelContext _current = ModelContext.Empty;
    private IReadOnlyList<PolicyModel> _policies = [];
    private IReadOnlyList<ModelError> _errors = [];
    private long _marker = -1;
    private long _generation;
    private int _reloadRequested;
    private Task? _loop;
    private Task? _listener;

    /// <summary>Creates the source over <paramref name="store"/>; nothing is read before <see cref="StartAsync"/>.</summary>
    public PolicyStoreSource(PolicyStore store, ILogger<PolicyStoreSource>? logger = null)
    {
        _store = store;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public string Name => $"policies:{_store.DatabasePath}";

    /// <inheritdoc />
    public ModelContext Current => Volatile.Read(ref _current);

    /// <inheritdoc />
    public event EventHandler<ModelContext>? Changed;

    /// <summary>True while PostgreSQL change notifications are received (never on SQLite).</summary>
    public bool Listening { get; private set; }

    /// <summary>
    /// Migrates and loads the store. A database that cannot be used yet does not fail the start: the model then has no
    /// policies and carries the fault, and the store is retried in the background.
    /// </summary>
    public async Task<ModelContext> StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _loop, Task.CompletedTask, null) is not null)
        {
            throw new InvalidOperationException($"{Name} was already started");
        }

        try
        {
            await _store.MigrateAsync(cancellationToken);
            await ReloadAsync(cancellationToken);
        }
        catch (PolicyStoreUnavailableException e)
        {
            LogStartFaulted(_store.DatabasePath, e.Message);
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            _generation = 1;
            Volatile.Write(ref _current, Build() with { Generation = 1 });
        }
        finally
        {
            _gate.Release();
        }

        _store.Committed += OnStoreEvent;
        _store.FaultChanged += OnStoreEvent;
        _loop = Task.Run(() => LoopAsync(_stop.Token), CancellationToken.None);
        if (_store.AnnouncesChanges)
        {
            _listener = Task.Run(() => ListenLoopAsync(_stop.Token), CancellationToken.None);
        }

        return Current;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _store.Committed -= OnStoreEvent;
        _store.FaultChanged -= OnStoreEvent;
        await _stop.CancelAsync();
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (_listener is { } listener)
        {
            await listener.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }

    private void OnStoreEvent()
    {
        Interlocked.Exchange(ref _reloadRequested, 1);
        _wake.Release();
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        var options = _store.Options;
        var backoff = options.RetryInitial;
        while (!cancellationToken.IsCancellationRequested)
        {
            var faulted = _store.Fault is not null || !_store.Migrated;
            try
            {
                await _wake.WaitAsync(faulted ? backoff : options.PollInterval, cancellationToken);
                while (_wake.CurrentCount > 0 && _wake.Wait(0))
                {
                }

                if (_store.Fault is not null || !_store.Migrated)
                {
                    await _store.RecoverAsync(cancellationToken);
                    await ReloadAsync(cancellationToken);
                    backoff = options.RetryInitial;
                }
                else if (Interlocked.Exchange(ref _reloadRequested, 0) == 1 || await _store.ChangeMarkerAsync(cancellationToken) != _marker)
                {
                    await ReloadAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (PolicyStoreUnavailableException e)
            {
                backoff = faulted ? TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.RetryMax.Ticks)) : options.RetryInitial;
                LogRetry(_store.DatabasePath, backoff, e.Message);
            }
            catch (Exception e)
            {
                LogLoopFailed(_store.DatabasePath, e);
            }

            // The fault may have been set or cleared (here or by an API call): publish it, or its absence.
            await PublishAsync(cancellationToken);
        }
    }

    // Keeps a LISTEN connection open; each time it is (re)established everything is re-read, since notifications sent
    // while it was down are lost. Reconnects with the store's doubling backoff.
    private async Task ListenLoopAsync(CancellationToken cancellationToken)
    {
        var options = _store.Options;
        var backoff = options.RetryInitial;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _store.ListenAsync(() =>
                {
                    backoff = options.RetryInitial;
                    Listening = true;
                    OnStoreEvent();
                }, OnStoreEvent, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Listening = false;
                LogListenLost(_store.DatabasePath, backoff, e.Message);
            }

            try
            {
                await Task.Delay(backoff, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, options.RetryMax.Ticks));
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var (marker, rows) = await _store.LoadAsync(cancellationToken);
        var policies = new List<PolicyModel>(rows.Count);
        var errors = new List<ModelError>();
        var previous = _policies.ToDictionary(p => p.Ref);
        foreach (var row in rows)
        {
            var mapped = PolicyDocument.FromRecord(row.Namespace, row.Name, row.Revision, row.Spec);
            errors.AddRange(mapped.Errors);
            if (mapped.Value is PolicyModel policy)
            {
                policies.Add(policy);
            }
            else if (previous.GetValueOrDefault(mapped.Ref) is { } last)
            {
                // A row the API would have refused (written by another process or version, or damaged): keep serving the
                // last good revision, as the manifest source keeps an object whose new version is broken.
                policies.Add(last);
                errors.Add(new ModelError(mapped.Ref, "", $"not updated: revision {row.Revision} is invalid; revision {last.Generation} stays in service", "LastKnownGood")
                {
                    Severity = ModelErrorSeverity.Warning,
                });
            }
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            (_marker, _policies, _errors) = (marker, policies, errors);
        }
        finally
        {
            _gate.Release();
        }

        await PublishAsync(cancellationToken);
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_generation == 0)
            {
                return;
            }

            var model = Build();
            if (model.ContentHash == _current.ContentHash)
            {
                return;
            }

            model = model with { Generation = ++_generation };
            Volatile.Write(ref _current, model);
            LogPublished(_store.DatabasePath, model.Generation, model.Policies.Count, model.SourceErrors.Count);
            try
            {
                // Raised under the gate, so handlers see models in generation order.
                Changed?.Invoke(this, model);
            }
            catch (Exception e)
            {
                LogHandlerFailed(_store.DatabasePath, e);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private ModelContext Build()
    {
        var errors = _store.Fault is { } fault
            ? _errors.Append(new ModelError(new ObjectRef("PolicyStore", "", _store.DatabasePath), "",
                $"the policy database is unavailable since {fault.Since:u} ({fault.Message}); serving the last good policies", "StoreUnavailable"))
            : _errors;
        return ModelContext.Create([], [], [], [], [], _policies, errors, []);
    }
}
