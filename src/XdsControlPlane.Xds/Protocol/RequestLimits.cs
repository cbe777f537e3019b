using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Protocol;

/// <summary>
/// Bounds on what one xDS request may carry, beyond the message size limit: a client that breaks one gets an error
/// on its own stream (INVALID_ARGUMENT for a value too long, RESOURCE_EXHAUSTED for too many names), never more state
/// or log than these allow. NACK messages are kept and logged cut, not refused.
/// </summary>
public static class RequestLimits
{
    /// <summary>Longest <c>node.id</c> and <c>node.cluster</c>.</summary>
    public const int MaxNodeIdLength = 2048;

    /// <summary>Largest serialized <c>node.metadata</c> (bytes).</summary>
    public const int MaxMetadataBytes = 64 * 1024;

    /// <summary>Longest <c>type_url</c>.</summary>
    public const int MaxTypeUrlLength = 512;

    /// <summary>Longest resource name.</summary>
    public const int MaxNameLength = 4096;

    /// <summary>Most resource names in one request's list, and subscribed on one delta stream's type.</summary>
    public const int MaxNames = 100_000;

    /// <summary>NACK messages (<c>error_detail.message</c>) are kept and logged up to this many characters.</summary>
    public const int MaxErrorMessageLength = 4096;

    /// <summary>Checks a SotW request; throws <see cref="GrpcException"/> naming the field and the bound.</summary>
    public static void Check(DiscoveryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Check(request.Node);
        TypeUrl(request.TypeUrl);
        Names("resource_names", request.ResourceNames);
        Length("version_info", request.VersionInfo, MaxNameLength);
        Length("response_nonce", request.ResponseNonce, MaxNameLength);
    }

    /// <summary>Checks a delta request; throws <see cref="GrpcException"/> naming the field and the bound.</summary>
    public static void Check(DeltaDiscoveryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Check(request.Node);
        TypeUrl(request.TypeUrl);
        Names("resource_names_subscribe", request.ResourceNamesSubscribe);
        Names("resource_names_unsubscribe", request.ResourceNamesUnsubscribe);
        Names("initial_resource_versions", request.InitialResourceVersions.Keys);
        Length("response_nonce", request.ResponseNonce, MaxNameLength);
    }

    /// <summary>A NACK message as kept and logged: cut after <see cref="MaxErrorMessageLength"/> characters with a marker.</summary>
    public static string ErrorMessage(string message) => message.Length <= MaxErrorMessageLength
        ? message
        : $"{message[..MaxErrorMessageLength]}…(+{message.Length - MaxErrorMessageLength} chars)";

    private static void Check(Node? node)
    {
        if (node is null)
        {
            return;
        }

        Length("node.id", node.Id, MaxNodeIdLength);
        Length("node.cluster", node.Cluster, MaxNodeIdLength);
        Length("node.user_agent_name", node.UserAgentName, MaxNodeIdLength);
        if (node.Metadata is { } metadata && metadata.CalculateSize() is var size and > MaxMetadataBytes)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, $"node.metadata is {size} bytes; at most {MaxMetadataBytes} are accepted");
        }
    }

    private static void TypeUrl(string typeUrl) => Length("type_url", typeUrl, MaxTypeUrlLength);

    private static void Names(string field, ICollection<string> names)
    {
        if (names.Count > MaxNames)
        {
            throw new GrpcException(GrpcStatusCode.ResourceExhausted, $"{field} holds {names.Count} names; at most {MaxNames} are accepted");
        }

        foreach (var name in names)
        {
            Length(field, name, MaxNameLength);
        }
    }

    private static void Length(string field, string value, int max)
    {
        if (value.Length > max)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, $"{field} is {value.Length} characters long; at most {max} are accepted");
        }
    }
}
