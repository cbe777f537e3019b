using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using XdsControlPlane.Model;
using XdsControlPlane.Sources.Kubernetes.Api;
using XdsControlPlane.Sources.Kubernetes.Informers;

namespace XdsControlPlane.Sources.Kubernetes.Status;

/// <summary>
/// Writes GatewayClass, Gateway and route status with JSON merge patches on the status subresource, only while this replica is
/// active (the elected leader), and only for objects whose status would change (lastTransitionTime aside). Reports
/// are latest-wins: a burst of rebuilds leads to one pass over the newest statuses. Objects that failed to map
/// (validation errors) get Accepted=False with the errors as the message. A failed pass is retried with backoff.
/// </summary>
internal sealed partial class StatusWriter : IAsyncDisposable
{
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
    private (IReadOnlyList<DesiredStatus> Statuses, IReadOnlyList<ModelError> Errors)? _latest;
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
    public void Report(IReadOnlyList<DesiredStatus> statuses, IReadOnlyList<ModelError> errors)
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
        (IReadOnlyList<DesiredStatus> Statuses, IReadOnlyList<ModelError> Errors) latest;
        lock (_written)
        {
            if (_latest is null)
            {
                return (0, false);
            }

            latest = _latest.Value;
        }

        var (patched, failed) = (0, false);
        foreach (var (obj, type, desired, version) in Plan(latest.Statuses, latest.Errors))
        {
            var fingerprint = StatusDocuments.Fingerprint(desired);
            lock (_written)
            {
                if (_written.GetValueOrDefault(obj) == (fingerprint, version))
                {
                    continue;
                }
            }

            try
            {
                await _api.PatchStatusAsync(type, obj.Namespace, obj.Name, new JsonObject { ["status"] = desired }, cancellationToken).ConfigureAwait(false);
                patched++;
                LogPatched(obj.ToString());
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

    private IEnumerable<(ObjectRef Object, ResourceType Type, JsonObject Desired, string ResourceVersion)> Plan(IReadOnlyList<DesiredStatus> statuses, IReadOnlyList<ModelError> errors)
    {
        var now = _time.GetUtcNow();
        foreach (var group in statuses.GroupBy(s => s.Object))
        {
            if (TypeOf(group.Key) is not { } type || _find(group.Key) is not { } cached)
            {
                continue;
            }

            var desired = type == ResourceType.Gateway || type == ResourceType.GatewayClass
                ? StatusDocuments.Gateway(group.SelectMany(s => s.Conditions), group.First().ObservedGeneration, cached.Status, now)
                : StatusDocuments.Route(group.Where(s => s.Parent is not null).Select(s => (StatusDocuments.ParentRef(s.Parent!), s.Conditions, s.ObservedGeneration)), _controllerName, cached.Status, now);
            if (!StatusDocuments.Unchanged(desired, cached.Status))
            {
                yield return (group.Key, type, desired, cached.ResourceVersion);
            }
        }

        var reported = statuses.Select(s => s.Object).ToHashSet();
        foreach (var group in errors.Where(e => e.Severity == ModelErrorSeverity.Error && !reported.Contains(e.Object)).GroupBy(e => e.Object))
        {
            // Only Gateways of our classes, and routes' parentRefs to them, are ours to report on; a GatewayClass that
            // failed to map has no controller we could tell.
            if (TypeOf(group.Key) is not { } type || type == ResourceType.GatewayClass || _find(group.Key) is not { Mapped.Value: null } cached
                || (type == ResourceType.Gateway && !OursClass(cached.ClassName)))
            {
                continue;
            }

            var message = string.Join("; ", group.Select(e => e.Field.Length == 0 ? e.Message : $"{e.Field}: {e.Message}"));
            JsonObject desired;
            if (type == ResourceType.Gateway)
            {
                desired = StatusDocuments.Gateway([new("Accepted", false, "Invalid", message), new("Programmed", false, "Invalid", message)], cached.Generation, cached.Status, now);
            }
            else
            {
                var parents = cached.ParentRefs.ValueKind == System.Text.Json.JsonValueKind.Array
                    ? cached.ParentRefs.EnumerateArray().Select(p => StatusDocuments.ParentRef(p, group.Key.Namespace)).Where(OursParent).ToList()
                    : [];
                if (parents.Count == 0)
                {
                    continue;
                }

                IReadOnlyList<DesiredCondition> rejected = [new("Accepted", false, "UnsupportedValue", message)];
                desired = StatusDocuments.Route(parents.Select(p => (p, rejected, cached.Generation)), _controllerName, cached.Status, now);
            }

            if (!StatusDocuments.Unchanged(desired, cached.Status))
            {
                yield return (group.Key, type, desired, cached.ResourceVersion);
            }
        }
    }

    /// <summary>Whether the GatewayClass <paramref name="className"/> exists and names our controller.</summary>
    private bool OursClass(string? className) =>
        className is not null && _find(new ObjectRef("GatewayClass", "", className))?.Mapped.Value is GatewayClassModel c && c.ControllerName == _controllerName;

    /// <summary>
    /// Whether a parentRef (with defaults filled in) of a route that failed to map is ours to report on: a Service
    /// (proxyless), a Gateway of our class, or a Gateway that does not exist (as the compiler reports NoMatchingParent).
    /// Gateways of other controllers are theirs.
    /// </summary>
    private bool OursParent(System.Text.Json.Nodes.JsonObject parent)
    {
        if ((string?)parent["kind"] != "Gateway")
        {
            return true;
        }

        var gateway = _find(new ObjectRef("Gateway", (string?)parent["namespace"] ?? "", (string?)parent["name"] ?? ""));
        return gateway is null || OursClass(gateway.ClassName);
    }

    private static ResourceType? TypeOf(ObjectRef obj) => obj.Kind switch
    {
        "GatewayClass" => ResourceType.GatewayClass,
        "Gateway" => ResourceType.Gateway,
        "HTTPRoute" => ResourceType.HttpRoute,
        "GRPCRoute" => ResourceType.GrpcRoute,
        _ => null,
    };

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
