using System.Text.Json;
using Microsoft.Extensions.Logging;
using XdsControlPlane.Sources.Kubernetes.Api;

namespace XdsControlPlane.Sources.Kubernetes.Informers;

/// <summary>
/// Keeps a cache of one kind (in one namespace or all), keyed by namespace/name, in step with the API server: lists
/// (page by page), then watches from the list's resourceVersion with bookmarks. A dropped watch resumes from the last
/// version seen; <c>410 Gone</c> lists again and diffs against the cache (objects deleted meanwhile disappear).
/// Failures retry with capped exponential backoff and jitter. A kind the server does not know (404 on list: its CRD
/// is not installed) counts as synced and empty, is reported in <see cref="Problem"/>, and is checked again with backoff.
/// </summary>
internal sealed partial class Informer : IAsyncDisposable
{
    private readonly IKubernetesApi _api;
    private readonly InformerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Backoff _backoff;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly BackgroundLoop _loop = new();
    private Dictionary<string, CachedObject> _cache = new(StringComparer.Ordinal);
    private string? _problem;
    private int _goneStreak;

    /// <summary>Creates an idle informer for <paramref name="type"/>.</summary>
    public Informer(IKubernetesApi api, ResourceType type, InformerOptions options, TimeProvider time, ILogger logger)
    {
        (_api, Type, _options, _time, _logger) = (api, type, options, time, logger);
        _backoff = new Backoff(options.InitialBackoff, options.MaxBackoff);
    }

    /// <summary>The kind watched.</summary>
    public ResourceType Type { get; }

    /// <summary>The namespace watched, or null for all.</summary>
    public string? Namespace => _options.Namespace;

    /// <summary>Completes once the first list is in the cache (or the kind was found missing).</summary>
    public Task Synced => _synced.Task;

    /// <summary>Why the kind is served empty (its CRD is not installed), or null.</summary>
    public string? Problem => Volatile.Read(ref _problem);

    /// <summary>The resourceVersion the next watch starts from (null: list first).</summary>
    public string? ResourceVersion { get; private set; }

    /// <summary>Raised (on the informer's task) after a change that matters to the model: an object's mapped content, or <see cref="Problem"/>.</summary>
    public event Action? Changed;

    /// <summary>For tests: raised after each watch event was applied, with its type.</summary>
    internal event Action<string>? EventApplied;

    /// <summary>Starts listing and watching.</summary>
    public void Start() => _loop.Start(RunAsync);

    /// <summary>The cached objects (a copy).</summary>
    public IReadOnlyList<CachedObject> Objects()
    {
        lock (_gate)
        {
            return [.. _cache.Values];
        }
    }

    /// <summary>The cached object with this namespace and name, if any.</summary>
    public CachedObject? Find(string ns, string name)
    {
        lock (_gate)
        {
            return _cache.GetValueOrDefault($"{ns}/{name}");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _loop.StopAsync().ConfigureAwait(false);
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (ResourceVersion is null)
                {
                    await RelistAsync(stop).ConfigureAwait(false);
                }

                var received = await WatchAsync(stop).ConfigureAwait(false);
                if (received == 0)
                {
                    // A watch that ends without a single event (not even a bookmark) should not turn into a tight loop.
                    await DelayAsync(stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (KubernetesApiException e) when (e.IsGone)
            {
                LogGone(Type, ResourceVersion, e.Message);
                ResourceVersion = null;
                if (_goneStreak++ > 0)
                {
                    // Gone again right after a fresh list: do not spin between list and watch.
                    await DelayAsync(stop).ConfigureAwait(false);
                }
            }
            catch (KubernetesApiException e) when (e.IsNotFound && ResourceVersion is null)
            {
                MarkMissing(e.Message);
                await DelayAsync(stop).ConfigureAwait(false);
            }
            catch (KubernetesApiException e) when (e.IsNotFound)
            {
                // The kind went away while watched (CRD deleted): list again, which finds it missing.
                ResourceVersion = null;
                await DelayAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // Whatever went wrong (network, server, a malformed object), the informer must live on: retry.
                var delay = _backoff.Next();
                LogFailed(Type, _backoff.Failures, delay, e.Message);
                await DelayAsync(delay, stop).ConfigureAwait(false);
            }
        }
    }

    private Task DelayAsync(CancellationToken stop) => DelayAsync(_backoff.Next(), stop);

    private async Task DelayAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, _time, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task RelistAsync(CancellationToken stop)
    {
        var fresh = new Dictionary<string, CachedObject>(StringComparer.Ordinal);
        string? token = null;
        ObjectList page;
        do
        {
            page = await _api.ListAsync(Type, new ListRequest(_options.Namespace, _options.LabelSelector, _options.PageSize, token, FieldSelector: _options.FieldSelector), stop).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                fresh[ApiObjects.Key(item)] = Cache(item);
            }

            token = page.Continue;
        }
        while (token is not null);

        bool mattered;
        lock (_gate)
        {
            mattered = _cache.Count != fresh.Count
                || fresh.Any(f => !_cache.TryGetValue(f.Key, out var old) || !old.SameModelInput(f.Value));
            _cache = fresh;
        }

        ResourceVersion = page.ResourceVersion;
        _backoff.Reset();
        mattered |= Interlocked.Exchange(ref _problem, null) is not null;
        LogListed(Type, _options.Namespace ?? "*", fresh.Count, page.ResourceVersion);
        _synced.TrySetResult();
        if (mattered)
        {
            Changed?.Invoke();
        }
    }

    private async Task<int> WatchAsync(CancellationToken stop)
    {
        var received = 0;
        var request = new ListRequest(_options.Namespace, _options.LabelSelector, ResourceVersion: ResourceVersion, FieldSelector: _options.FieldSelector);
        await foreach (var e in _api.WatchAsync(Type, request, stop).ConfigureAwait(false))
        {
            received++;
            _goneStreak = 0;
            _backoff.Reset();
            var mattered = Apply(e);
            if (ApiObjects.ResourceVersion(e.Object) is { Length: > 0 } version)
            {
                ResourceVersion = version;
            }

            if (mattered)
            {
                Changed?.Invoke();
            }

            EventApplied?.Invoke(e.Type);
        }

        return received;
    }

    private bool Apply(WatchEvent e)
    {
        if (e.Type is not ("ADDED" or "MODIFIED" or "DELETED"))
        {
            return false;
        }

        var key = ApiObjects.Key(e.Object);
        lock (_gate)
        {
            var had = _cache.Remove(key, out var old);
            if (e.Type == "DELETED")
            {
                return had;
            }

            var cached = Cache(e.Object);
            _cache[key] = cached;
            return old is null || !old.SameModelInput(cached);
        }
    }

    private CachedObject Cache(JsonElement item) => CachedObject.FromApi(Type, item);

    private void MarkMissing(string message)
    {
        bool mattered;
        lock (_gate)
        {
            mattered = _cache.Count > 0;
            _cache = new(StringComparer.Ordinal);
        }

        var problem = $"{Type.Kind} ({Type.ApiVersion}) is not served by the API server: its CustomResourceDefinition is not installed ({message}); treated as empty, checking again";
        mattered |= Interlocked.Exchange(ref _problem, problem) != problem;
        LogMissing(Type, message);
        _synced.TrySetResult();
        if (mattered)
        {
            Changed?.Invoke();
        }
    }
}
