using Envoy.Service.Discovery.V3;

namespace XdsControlPlane.Testing;

/// <summary>A State-of-the-World stream that checks P5 (unique nonces), P21 (no duplicate names) and type URLs.</summary>
public sealed class SotwTestStream(GrpcTestCall call, string? expectedTypeUrl)
    : XdsTestStream<DiscoveryRequest, DiscoveryResponse>(call, DiscoveryResponse.Parser)
{
    /// <summary>Opens a SotW stream on <paramref name="method"/>; <paramref name="expectedTypeUrl"/> for per-type services.</summary>
    public static async Task<SotwTestStream> OpenAsync(HttpClient client, Uri server, string method, string? expectedTypeUrl = null) =>
        new(await GrpcTestCall.StartAsync(client, server, method).ConfigureAwait(false), expectedTypeUrl);

    /// <summary>Sends a request for <paramref name="typeUrl"/> naming <paramref name="names"/>, answering <paramref name="ackOf"/>.</summary>
    public Task RequestAsync(string typeUrl, IEnumerable<string>? names = null, DiscoveryResponse? ackOf = null, Envoy.Config.Core.V3.Node? node = null)
    {
        var request = new DiscoveryRequest { TypeUrl = typeUrl, Node = node };
        request.ResourceNames.AddRange(names ?? []);
        if (ackOf is not null)
        {
            request.VersionInfo = ackOf.VersionInfo;
            request.ResponseNonce = ackOf.Nonce;
        }

        return SendAsync(request);
    }

    /// <summary>Sends a NACK of <paramref name="response"/>, keeping <paramref name="acceptedVersion"/>.</summary>
    public Task NackAsync(DiscoveryResponse response, string acceptedVersion, string message, IEnumerable<string>? names = null)
    {
        var request = new DiscoveryRequest
        {
            TypeUrl = response.TypeUrl,
            VersionInfo = acceptedVersion,
            ResponseNonce = response.Nonce,
            ErrorDetail = new Google.Rpc.Status { Code = 3, Message = message },
        };
        request.ResourceNames.AddRange(names ?? []);
        return SendAsync(request);
    }

    /// <inheritdoc />
    protected override void CheckResponse(DiscoveryResponse response, HashSet<string> nonces, List<string> violations)
    {
        if (string.IsNullOrEmpty(response.Nonce) || !nonces.Add(response.Nonce))
        {
            violations.Add($"P5: nonce '{response.Nonce}' is empty or was used before");
        }

        if (string.IsNullOrEmpty(response.VersionInfo))
        {
            violations.Add("version_info is empty");
        }

        if (string.IsNullOrEmpty(response.TypeUrl) || (expectedTypeUrl is not null && response.TypeUrl != expectedTypeUrl))
        {
            violations.Add($"type_url '{response.TypeUrl}' is not {expectedTypeUrl ?? "set"}");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var any in response.Resources)
        {
            var name = Resources.NameOf(any, out var typeUrl);
            // A body-less Resource wrapper is a TTL heartbeat (P26): it has no inner type to compare.
            if (typeUrl != response.TypeUrl && typeUrl != Xds.Snapshots.TypeUrls.Resource)
            {
                violations.Add($"resource of type {typeUrl} in a {response.TypeUrl} response");
            }

            if (!names.Add(name))
            {
                violations.Add($"P21: resource '{name}' appears twice in one response");
            }
        }
    }
}
