using Envoy.Service.Discovery.V3;

namespace XdsControlPlane.Testing;

/// <summary>A delta stream that checks P5, P21, P23 (every resource carries a version) and type URLs.</summary>
public sealed class DeltaTestStream(GrpcTestCall call, string? expectedTypeUrl)
    : XdsTestStream<DeltaDiscoveryRequest, DeltaDiscoveryResponse>(call, DeltaDiscoveryResponse.Parser)
{
    /// <summary>Opens a delta stream on <paramref name="method"/>.</summary>
    public static async Task<DeltaTestStream> OpenAsync(HttpClient client, Uri server, string method, string? expectedTypeUrl = null) =>
        new(await GrpcTestCall.StartAsync(client, server, method).ConfigureAwait(false), expectedTypeUrl);

    /// <summary>Sends a delta request.</summary>
    public Task RequestAsync(string typeUrl, IEnumerable<string>? subscribe = null, IEnumerable<string>? unsubscribe = null,
        DeltaDiscoveryResponse? ackOf = null, Envoy.Config.Core.V3.Node? node = null, IReadOnlyDictionary<string, string>? initialVersions = null,
        string? errorMessage = null)
    {
        var request = new DeltaDiscoveryRequest { TypeUrl = typeUrl, Node = node, ResponseNonce = ackOf?.Nonce ?? string.Empty };
        request.ResourceNamesSubscribe.AddRange(subscribe ?? []);
        request.ResourceNamesUnsubscribe.AddRange(unsubscribe ?? []);
        foreach (var (name, version) in initialVersions ?? new Dictionary<string, string>())
        {
            request.InitialResourceVersions[name] = version;
        }

        if (errorMessage is not null)
        {
            request.ErrorDetail = new Google.Rpc.Status { Code = 3, Message = errorMessage };
        }

        return SendAsync(request);
    }

    /// <inheritdoc />
    protected override void CheckResponse(DeltaDiscoveryResponse response, HashSet<string> nonces, List<string> violations)
    {
        if (string.IsNullOrEmpty(response.Nonce) || !nonces.Add(response.Nonce))
        {
            violations.Add($"P5: nonce '{response.Nonce}' is empty or was used before");
        }

        if (string.IsNullOrEmpty(response.TypeUrl) || (expectedTypeUrl is not null && response.TypeUrl != expectedTypeUrl))
        {
            violations.Add($"type_url '{response.TypeUrl}' is not {expectedTypeUrl ?? "set"}");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in response.Resources)
        {
            if (string.IsNullOrEmpty(resource.Version))
            {
                violations.Add($"P23: resource '{resource.Name}' has no version");
            }

            if (resource.Resource_ is { } body && body.TypeUrl != response.TypeUrl)
            {
                violations.Add($"resource of type {body.TypeUrl} in a {response.TypeUrl} response");
            }

            if (!names.Add(resource.Name))
            {
                violations.Add($"P21: resource '{resource.Name}' appears twice in one response");
            }
        }

        foreach (var removed in response.RemovedResources)
        {
            if (names.Contains(removed))
            {
                violations.Add($"resource '{removed}' is both updated and removed");
            }
        }
    }
}
