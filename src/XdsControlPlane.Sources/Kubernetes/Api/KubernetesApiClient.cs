using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XdsControlPlane.Sources.Kubernetes.Api;

/// <summary>
/// <see cref="IKubernetesApi"/> over HttpClient and System.Text.Json. Watches are HTTP/1.1 streams of one JSON event
/// per line. A 401 makes a file token be read again and the request be retried once (the token may have rotated).
/// </summary>
internal sealed class KubernetesApiClient : IKubernetesApi, IDisposable
{
    private static readonly TimeSpan _requestTimeout = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http;
    private readonly KubernetesConnection _connection;

    /// <summary>Creates a client for <paramref name="connection"/>.</summary>
    public KubernetesApiClient(KubernetesConnection connection)
    {
        _connection = connection;
        var handler = new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1), ConnectTimeout = TimeSpan.FromSeconds(10) };
        handler.SslOptions.RemoteCertificateValidationCallback = Validate;
        if (connection.ClientCertificate is { } certificate)
        {
            handler.SslOptions.ClientCertificates = [certificate];
        }

        _http = new HttpClient(handler) { BaseAddress = connection.Server, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>How long a watch may stay open before the server closes it (the informer then watches again).</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <inheritdoc />
    public async Task<ObjectList> ListAsync(ResourceType type, ListRequest request, CancellationToken cancellationToken)
    {
        var query = Query(request, watch: false);
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, type.CollectionPath(request.Namespace) + query), timeout: true, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        var root = json.RootElement;
        var metadata = root.TryGetProperty("metadata", out var m) ? m : default;
        var items = root.TryGetProperty("items", out var i) && i.ValueKind == JsonValueKind.Array
            ? i.EnumerateArray().Select(e => e.Clone()).ToList()
            : [];
        var next = Property(metadata, "continue");
        return new ObjectList(Property(metadata, "resourceVersion") ?? "", string.IsNullOrEmpty(next) ? null : next, items);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<WatchEvent> WatchAsync(ResourceType type, ListRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = type.CollectionPath(request.Namespace) + Query(request, watch: true);
        // The server ends a watch within 2 × WatchTimeout; past that, the connection died without a word (no RST).
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(WatchTimeout * 2 + TimeSpan.FromMinutes(1));
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), timeout: false, deadline.Token).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
        using var reader = new StreamReader(body, Encoding.UTF8);
        while (await reader.ReadLineAsync(deadline.Token).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var eventType = Property(json.RootElement, "type") ?? "";
            var obj = json.RootElement.TryGetProperty("object", out var o) ? o.Clone() : default;
            if (eventType == "ERROR")
            {
                throw StatusError(obj, 500);
            }

            yield return new WatchEvent(eventType, obj);
        }
    }

    /// <inheritdoc />
    public async Task PatchStatusAsync(ResourceType type, string ns, string name, JsonObject patch, CancellationToken cancellationToken)
    {
        var text = patch.ToJsonString();
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Patch, type.ObjectPath(ns, name) + "/status")
        {
            Content = new StringContent(text, new MediaTypeHeaderValue("application/merge-patch+json")),
        }, timeout: true, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<JsonElement?> GetAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, type.ObjectPath(ns, name)), timeout: true, cancellationToken).ConfigureAwait(false);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            return json.RootElement.Clone();
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<Lease?> GetLeaseAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, ResourceType.Lease.ObjectPath(ns, name)), timeout: true, cancellationToken).ConfigureAwait(false);
            return Lease.FromJson(await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false));
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<Lease> CreateLeaseAsync(Lease lease, CancellationToken cancellationToken)
    {
        var body = lease.ToJson().ToJsonString();
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, ResourceType.Lease.CollectionPath(lease.Namespace))
        {
            Content = new StringContent(body, new MediaTypeHeaderValue("application/json")),
        }, timeout: true, cancellationToken).ConfigureAwait(false);
        return Lease.FromJson(await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public async Task<Lease> UpdateLeaseAsync(Lease lease, CancellationToken cancellationToken)
    {
        var body = lease.ToJson().ToJsonString();
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, ResourceType.Lease.ObjectPath(lease.Namespace, lease.Name))
        {
            Content = new StringContent(body, new MediaTypeHeaderValue("application/json")),
        }, timeout: true, cancellationToken).ConfigureAwait(false);
        return Lease.FromJson(await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private string Query(ListRequest request, bool watch)
    {
        var parts = new List<string>();
        if (watch)
        {
            parts.Add("watch=true");
            parts.Add("allowWatchBookmarks=true");
            // Spread re-watches out a little, as other clients do, so replicas do not reconnect in lockstep.
            var seconds = (int)(WatchTimeout.TotalSeconds * (1 + Random.Shared.NextDouble()));
            parts.Add("timeoutSeconds=" + seconds.ToString(CultureInfo.InvariantCulture));
        }

        if (request.ResourceVersion is { } version)
        {
            parts.Add("resourceVersion=" + Uri.EscapeDataString(version));
        }

        if (request.LabelSelector is { Length: > 0 } selector)
        {
            parts.Add("labelSelector=" + Uri.EscapeDataString(selector));
        }

        if (request.FieldSelector is { Length: > 0 } fields)
        {
            parts.Add("fieldSelector=" + Uri.EscapeDataString(fields));
        }

        if (!watch && request.Limit > 0)
        {
            parts.Add("limit=" + request.Limit.ToString(CultureInfo.InvariantCulture));
        }

        if (!watch && request.Continue is { } token)
        {
            parts.Add("continue=" + Uri.EscapeDataString(token));
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, bool timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            using var request = create();
            request.Version = HttpVersion.Version11;
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (_connection.Token is { } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Current());
            }

            if (timeout)
            {
                deadline.CancelAfter(_requestTimeout);
            }

            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0 && _connection.Token?.Path is not null)
                {
                    _connection.Token.Invalidate();
                    continue;
                }

                var text = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
                JsonElement status = default;
                try
                {
                    status = JsonDocument.Parse(text).RootElement;
                }
                catch (JsonException)
                {
                    // Not a Status object (a proxy in between?): report the text.
                }

                throw status.ValueKind == JsonValueKind.Object
                    ? StatusError(status, (int)response.StatusCode)
                    : new KubernetesApiException((int)response.StatusCode, response.ReasonPhrase ?? "", $"{(int)response.StatusCode} {response.ReasonPhrase}: {text}");
            }
        }
    }

    private static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)) ?? new JsonObject();

    private static KubernetesApiException StatusError(JsonElement status, int fallbackCode)
    {
        var code = status.ValueKind == JsonValueKind.Object && status.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : fallbackCode;
        return new KubernetesApiException(code, Property(status, "reason") ?? "", Property(status, "message") ?? $"status {code}");
    }

    private static string? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_connection.InsecureSkipTlsVerify || errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (_connection.CertificateAuthorities.Count == 0 || certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }

        // Trust exactly the cluster CA, as kubectl does with certificate-authority.
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_connection.CertificateAuthorities);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return custom.Build(new X509Certificate2(certificate));
    }
}
