using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using XdsControlPlane.Model;
using XdsControlPlane.Sources.Kubernetes.Api;
using XdsControlPlane.Sources.Kubernetes.Informers;

namespace XdsControlPlane.Sources.Kubernetes.Status;

/// <summary>
/// Writes GatewayClass, Gateway, route and XdsPolicy status with JSON merge patches on the status subresource, only
/// while this replica is active (the elected leader), and only for objects whose status would change
/// (lastTransitionTime aside). Reports are latest-wins: a burst of rebuilds leads to one pass over the newest statuses.
/// Objects that failed to map (validation errors) get Accepted=False with the errors as the message. Each patch carries
/// the resourceVersion of the cached object it was computed from, so the API server refuses it (409) when the object
/// changed since; the writer then reads the object, computes the patch again from what it holds now (another
/// controller's route parent entry, say) and retries, a bounded number of times. A failed pass is retried with backoff.
/// </summary>
internal sealed partial class StatusWriter : IAsyncDisposable
{
    /// <summary>Patches per object and pass, counting the first: conflicts beyond that wait for the next pass.</summary>
    internal const int MaxAttempts = 3;
    private readonly IKubernetesApi _api;
    private readonly Func<ObjectRef, CachedObject?> _find;
    private readonly string _controllerName;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Backoff _backoff;
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly BackgroundLoop _loop = new();
    // What was patched, and the resourceVersion the cache held then: until the watch brings a newer version (our own
    // write, usually), the same status is not patched again; after that, the cache's status is the judge.
    private readonly Dictionary<ObjectRef, (string Fingerprint, string ResourceVersion)> _written = [];
    private (IReadOnlyList<ObjectStatus> Statuses, IReadOnlyList<ModelError> Errors)? _latest;
    private volatile bool _active;

    /// <summary>Creates an inactive writer; <paramref name="find"/> looks an object up in the informers' caches.</summary>
    public StatusWriter(IKubernetesApi api, Func<ObjectRef, CachedObject?> find, string controllerName, TimeProvider time, ILogger logger, TimeSpan retry)
    {
        (_api, _find, _controllerName, _time, _logger) = (api, find, controllerName, time, logger);
        _backoff = new Backoff(retry, TimeSpan.FromSeconds(30));
    }

    /// <summary>Raised after each pass with the number of patches sent (tests).</summary>
    public event Action<int>? Written;

    /// <summary>Whether this replica writes (it leads). Becoming active writes the latest statuses again from scratch.</summary>
    public bool Active
    {
        get => _active;
        set
        {
            if (value && !_active)
            {
                lock (_written)
                {
                    _written.Clear();
                }
            }

            _active = value;
            _signal.Writer.TryWrite(true);
        }
    }

    /// <summary>Starts the background writer.</summary>
    public void Start() => _loop.Start(RunAsync);

    /// <summary>The statuses of the newest model, and its errors (for objects that failed to map).</summary>
    public void Report(IReadOnlyList<ObjectStatus> statuses, IReadOnlyList<ModelError> errors)
    {
        lock (_written)
        {
            _latest = (statuses, errors);
        }

        _signal.Writer.TryWrite(true);
    }

    /// <summary>One pass over the latest report; returns the patches sent and whether any failed.</summary>
    public async Task<(int Patched, bool Failed)> WriteOnceAsync(CancellationToken cancellationToken)
    {
        (IReadOnlyList<ObjectStatus> Statuses, IReadOnlyList<ModelError> Errors) latest;
        lock (_written)
        {
            if (_latest is null)
            {
                return (0, false);
            }

            latest = _latest.Value;
        }

        var (patched, failed) = (0, false);
        foreach (var planned in Plan(latest.Statuses, latest.Errors))
        {
            var (obj, version) = (planned.Object, planned.Cached.ResourceVersion);
            var fingerprint = StatusDocuments.Fingerprint(planned.Desired);
            lock (_written)
            {
                if (_written.GetValueOrDefault(obj) == (fingerprint, version))
                {
                    continue;
                }
            }

            try
            {
                if (await PatchAsync(planned, cancellationToken).ConfigureAwait(false))
                {
                    patched++;
                }
            }
            catch (KubernetesApiException e) when (e.IsNotFound)
            {
                // Deleted since: nothing to report on.
            }
            catch (Exception e) when (e is KubernetesApiException or HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                failed = true;
                LogPatchFailed(obj.ToString(), e.Message);
                continue;
            }

            // Remembered against the cached version it was computed from: until the watch brings a newer one, the
            // same computation needs no second patch (even when a conflict made us write a recomputed one).
            lock (_written)
            {
                _written[obj] = (fingerprint, version);
            }
        }

        return (patched, failed);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _loop.StopAsync().ConfigureAwait(false);
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (await _signal.Reader.WaitToReadAsync(stop).ConfigureAwait(false))
        {
            _signal.Reader.TryRead(out _);
            if (!_active)
            {
                continue;
            }

            int patched;
            bool failed;
            try
            {
                (patched, failed) = await WriteOnceAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                LogPatchFailed("(all)", e.Message);
                (patched, failed) = (0, true);
            }

            Written?.Invoke(patched);
            if (failed)
            {
                await Task.Delay(_backoff.Next(), _time, stop).ConfigureAwait(false);
                _signal.Writer.TryWrite(true);
            }
            else
            {
                _backoff.Reset();
            }
        }
    }
}
