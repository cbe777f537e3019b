using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Encodings;

/// <summary>
/// The encoding variants of the proxyless profile, all of them. Every other client (Envoy, and gRPC releases that
/// accept the standard encoding) gets the profile itself. Each variant is serialized once and shared by every client
/// of it; it differs from the profile only in the RouteConfigurations and Clusters its changes touch.
/// </summary>
public static class ClientEncodings
{
    /// <summary>gRPC releases that predate <c>HeaderMatcher.string_match</c> (gRFC A63), and proxyless clients of unknown release.</summary>
    public static ClientEncoding GrpcLegacy { get; } = new(
        "grpc-legacy",
        "gRPC releases before gRFC A63 (C-core and grpc-go before 1.56, grpc-java before 1.53, grpc-js-xds before 1.9) and proxyless clients of unknown release",
        EncodingChanges.LegacyHeaderMatchers | EncodingChanges.WeightedClusterTotalWeight,
        "they reject HeaderMatcher.string_match and check weighted clusters against total_weight (100 when unset)");

    /// <summary>gRPC C-core 1.50 and 1.51 (Debian 12's python3-grpcio is 1.51.1).</summary>
    public static ClientEncoding GrpcCore151 { get; } = new(
        "grpc-core-1.51",
        "gRPC C-core 1.50-1.51 clients",
        EncodingChanges.LegacyHeaderMatchers | EncodingChanges.WeightedClusterTotalWeight | EncodingChanges.NoRingHash,
        "their ring hash picker crashes the client process on the first call of a route that hashes on a header (SIGSEGV, measured with 1.51.1; grpc/grpc#31766, fixed by grpc/grpc#32012)");

    /// <summary>Every variant, in a fixed order.</summary>
    public static IReadOnlyList<ClientEncoding> All { get; } = [GrpcLegacy, GrpcCore151];

    /// <summary>The profile name clients of <paramref name="encoding"/> are served under.</summary>
    public static string Profile(string profile, ClientEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        return ProfileNames.Variant(profile, encoding.Name);
    }
}
