using XdsControlPlane.Model;

namespace XdsControlPlane.Xds.Protocol;

/// <summary>
/// Which encoding of the proxyless configuration a client gets, from its <see cref="ClientKind"/>. Most clients get
/// the standard one; a few releases need older forms or must not be sent a feature they break on. The variants are
/// few and fixed (one serialization each, shared by every client of the variant); what each changes is
/// <c>XdsControlPlane.Compiler.Encodings.ClientEncodings</c>, under the same names. The table, with the evidence
/// behind each line, is in the top-level README ("Client kinds and encodings").
/// </summary>
public static class EncodingVariants
{
    /// <summary>
    /// gRPC releases before gRFC A63 (<c>HeaderMatcher.string_match</c>), or of unknown release: the older header
    /// matcher forms, and <c>total_weight</c> on weighted clusters (older releases check the sum against it, 100 when unset).
    /// </summary>
    public const string GrpcLegacy = "grpc-legacy";

    /// <summary>
    /// gRPC C-core 1.50 and 1.51: as <see cref="GrpcLegacy"/>, and no ring hash (their ring hash picker crashes the
    /// process on the first call that hashes on a header; round robin instead).
    /// </summary>
    public const string GrpcCore151 = "grpc-core-1.51";

    /// <summary>Every variant name.</summary>
    public static IReadOnlyList<string> Names { get; } = [GrpcLegacy, GrpcCore151];

    // The first release of each gRPC implementation that accepts HeaderMatcher.string_match (gRFC A63): C-core
    // grpc/grpc#32993, grpc-go grpc/grpc-go#6313, grpc-java grpc/grpc-java#9845, grpc-js-xds grpc/grpc-node#2462.
    private static readonly Dictionary<string, Version> s_stringMatchSince = new(StringComparer.Ordinal)
    {
        [ClientKind.GrpcCore] = new(1, 56),
        [ClientKind.GrpcGo] = new(1, 56),
        [ClientKind.GrpcJava] = new(1, 53),
        [ClientKind.GrpcJs] = new(1, 9),
    };

    /// <summary>
    /// The variant of <paramref name="client"/>, or null for the standard encoding (Envoy, and gRPC releases that
    /// accept it). A proxyless client whose kind or release is unknown gets <see cref="GrpcLegacy"/>: every gRPC release
    /// accepts the older forms.
    /// </summary>
    public static string? Of(ClientKind client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.Name == ClientKind.Envoy)
        {
            return null;
        }

        if (client is { Name: ClientKind.GrpcCore, Version: { Major: 1, Minor: 50 or 51 } })
        {
            return GrpcCore151;
        }

        return client.Version is { } version && s_stringMatchSince.TryGetValue(client.Name, out var since) && version >= since
            ? null
            : GrpcLegacy;
    }

    /// <summary>The snapshot key of <paramref name="profile"/> in <paramref name="variant"/> (the profile itself for null).</summary>
    public static string Profile(string profile, string? variant) => ProfileNames.Variant(profile, variant);

    /// <summary>The profile a variant's snapshot key serves (<c>proxyless@grpc-legacy</c> is <c>proxyless</c>); others unchanged.</summary>
    public static string BaseProfile(string profile) => ProfileNames.WithoutVariant(profile, Names);
}
