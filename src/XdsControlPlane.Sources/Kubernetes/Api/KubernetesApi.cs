using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Exceptions;
using k8s.Models;

namespace XdsControlPlane.Sources.Kubernetes.Api;

/// <summary>
/// <see cref="IKubernetesApi"/> over KubernetesClient: the library builds and sends every request (credentials, TLS,
/// HTTP/2, query strings) and parses watch streams. Every kind, built-in or CRD, goes through its CustomObjects calls
/// (which turn an empty group into the core <c>/api/v1</c> paths) and comes back as raw JSON, so the API objects reach
/// the same <see cref="ApiObjects"/>/mapper code as manifests do; only the Lease uses the library's typed model.
/// Library exceptions become <see cref="KubernetesApiException"/>: the server's Status code and reason, or code 0 for a
/// credential the library could not obtain (a failing exec plugin), which callers retry like a network failure.
/// </summary>
internal sealed class KubernetesApi : IKubernetesApi, IDisposable
{
    /// <summary>How long a request other than a watch may take.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly IKubernetes _client;

    /// <summary>Wraps <paramref name="client"/>, which this object then owns.</summary>
    public KubernetesApi(IKubernetes client) => _client = client;

    /// <summary>A client for <paramref name="config"/>, with the control plane's request timeout, server certificate check (<see cref="ClusterTrust"/>) and time format.</summary>
    public KubernetesApi(KubernetesClientConfiguration config)
        : this(new k8s.Kubernetes(Prepare(config)))
    {
    }

    /// <summary>How long a watch may stay open before the server closes it (the informer then watches again).</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <inheritdoc />
    public async Task<ObjectList> ListAsync(ResourceType type, ListRequest request, CancellationToken cancellationToken)
    {
        var (labels, fields, limit) = (Blank(request.LabelSelector), Blank(request.FieldSelector), request.Limit > 0 ? request.Limit : (int?)null);
        using var response = await CallAsync(() => type.Namespaced && request.Namespace is { } ns
            ? _client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<JsonElement>(type.Group, type.Version, ns, type.Plural,
                continueParameter: request.Continue, fieldSelector: fields, labelSelector: labels, limit: limit, cancellationToken: cancellationToken)
            : _client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<JsonElement>(type.Group, type.Version, type.Plural,
                continueParameter: request.Continue, fieldSelector: fields, labelSelector: labels, limit: limit, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var root = response.Body;
        var metadata = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("metadata", out var m) ? m : default;
        var items = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("items", out var i) && i.ValueKind == JsonValueKind.Array
            ? [.. i.EnumerateArray()]
            : new List<JsonElement>();
        var next = Property(metadata, "continue");
        return new ObjectList(Property(metadata, "resourceVersion") ?? "", string.IsNullOrEmpty(next) ? null : next, items);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The library reports a watch ERROR event (410 Gone) and an unreadable event line through a callback and goes on
    /// reading; here either ends the watch and is thrown, so that no event is skipped silently. A watch the server
    /// closes before its first event (a quiet timeout) simply ends.
    /// </remarks>
    public async IAsyncEnumerable<WatchEvent> WatchAsync(ResourceType type, ListRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The server ends a watch within 2 × WatchTimeout; past that, the connection died without a word (no RST).
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(WatchTimeout * 2 + TimeSpan.FromMinutes(1));
        Exception? failure = null;
        void OnError(Exception e)
        {
            failure ??= e;
            deadline.Cancel();
        }

        // Spread re-watches out a little, as other clients do, so replicas do not reconnect in lockstep.
        var seconds = (int)(WatchTimeout.TotalSeconds * (1 + Random.Shared.NextDouble()));
        var (labels, fields) = (Blank(request.LabelSelector), Blank(request.FieldSelector));
        var events = type.Namespaced && request.Namespace is { } ns
            ? _client.CustomObjects.WatchListNamespacedCustomObjectAsync(type.Group, type.Version, ns, type.Plural, allowWatchBookmarks: true,
                fieldSelector: fields, labelSelector: labels, resourceVersion: request.ResourceVersion, timeoutSeconds: seconds, onError: OnError, cancellationToken: deadline.Token)
            : _client.CustomObjects.WatchListClusterCustomObjectAsync(type.Group, type.Version, type.Plural, allowWatchBookmarks: true,
                fieldSelector: fields, labelSelector: labels, resourceVersion: request.ResourceVersion, timeoutSeconds: seconds, onError: OnError, cancellationToken: deadline.Token);
        await using var enumerator = events.GetAsyncEnumerator(deadline.Token);
        while (true)
        {
            (WatchEventType Type, object Object) current;
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    break;
                }

                current = enumerator.Current;
            }
            catch (Exception) when (failure is not null && !cancellationToken.IsCancellationRequested)
            {
                throw Translate(failure);
            }
            catch (Exception e) when (e is HttpOperationException or KubeConfigException or KubernetesClientException)
            {
                throw Translate(e);
            }
            catch (HttpRequestException e) when (e.InnerException is EndOfStreamException)
            {
                // The library waits for the first event line before it returns the stream; none came.
                break;
            }

            if (failure is not null)
            {
                throw Translate(failure);
            }

            yield return new WatchEvent(EventName(current.Type), current.Object is JsonElement element ? element : default);
        }

        if (failure is not null)
        {
            throw Translate(failure);
        }
    }

    /// <inheritdoc />
    public async Task<JsonElement?> GetAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await CallAsync(() => type.Namespaced && ns is not null
                ? _client.CustomObjects.GetNamespacedCustomObjectWithHttpMessagesAsync<JsonElement>(type.Group, type.Version, ns, type.Plural, name, cancellationToken: cancellationToken)
                : _client.CustomObjects.GetClusterCustomObjectWithHttpMessagesAsync<JsonElement>(type.Group, type.Version, type.Plural, name, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return response.Body;
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task PatchStatusAsync(ResourceType type, string ns, string name, JsonObject patch, CancellationToken cancellationToken)
    {
        // A string body is written as it is, with the merge-patch content type.
        var body = new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch);
        using var response = await CallAsync(() => type.Namespaced
            ? _client.CustomObjects.PatchNamespacedCustomObjectStatusWithHttpMessagesAsync<JsonElement>(body, type.Group, type.Version, ns, type.Plural, name, cancellationToken: cancellationToken)
            : _client.CustomObjects.PatchClusterCustomObjectStatusWithHttpMessagesAsync<JsonElement>(body, type.Group, type.Version, type.Plural, name, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<Lease?> GetLeaseAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await CallAsync(() => _client.CoordinationV1.ReadNamespacedLeaseWithHttpMessagesAsync(name, ns, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return Lease.FromModel(response.Body);
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<Lease> CreateLeaseAsync(Lease lease, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(() => _client.CoordinationV1.CreateNamespacedLeaseWithHttpMessagesAsync(lease.ToModel(), lease.Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return Lease.FromModel(response.Body);
    }

    /// <inheritdoc />
    public async Task<Lease> UpdateLeaseAsync(Lease lease, CancellationToken cancellationToken)
    {
        using var response = await CallAsync(() => _client.CoordinationV1.ReplaceNamespacedLeaseWithHttpMessagesAsync(lease.ToModel(), lease.Name, lease.Namespace, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return Lease.FromModel(response.Body);
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();

    /// <summary>The exception the informers and the status writer understand, for one the library threw or reported.</summary>
    internal static Exception Translate(Exception e)
    {
        switch (e)
        {
            case KubernetesException { Status: { } status }:
                return new KubernetesApiException(status.Code ?? 500, status.Reason ?? "", status.Message ?? $"status {status.Code}");
            case HttpOperationException { Response: { } response }:
                var code = (int)response.StatusCode;
                var text = response.Content ?? "";
                try
                {
                    using var json = JsonDocument.Parse(text);
                    var root = json.RootElement;
                    if (root.ValueKind == JsonValueKind.Object && Property(root, "kind") == "Status")
                    {
                        var statusCode = root.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : code;
                        return new KubernetesApiException(statusCode, Property(root, "reason") ?? "", Property(root, "message") ?? $"status {statusCode}");
                    }
                }
                catch (JsonException)
                {
                    // Not a Status object (a proxy in between?): report the text.
                }

                return new KubernetesApiException(code, response.ReasonPhrase ?? "", $"{code} {response.ReasonPhrase}: {text}");
            case KubeConfigException or KubernetesClientException:
                // A credential that could not be had (an exec plugin or an OIDC refresh failed): no answer from the
                // server, a failure to retry like a network error.
                return new KubernetesApiException(0, "ClientError", $"KubernetesClient: {e.Message}");
            default:
                return e;
        }
    }

    private static KubernetesClientConfiguration Prepare(KubernetesClientConfiguration config)
    {
        config.HttpClientTimeout = RequestTimeout;
        ClusterTrust.Apply(config);
        config.AddJsonOptions(options => options.Converters.Insert(0, new MicroTimeConverter()));
        return config;
    }

    private static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpOperationException or KubeConfigException or KubernetesClientException)
        {
            throw Translate(e);
        }
    }

    private static string EventName(WatchEventType type) => type switch
    {
        WatchEventType.Added => "ADDED",
        WatchEventType.Modified => "MODIFIED",
        WatchEventType.Deleted => "DELETED",
        WatchEventType.Bookmark => "BOOKMARK",
        _ => "ERROR",
    };

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
