using System.Text;
using XdsControlPlane.Model;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Mapping;

/// <summary>
/// Maps a v1 Secret of type kubernetes.io/tls. Other Secret types are ignored without an error (a cluster has many).
/// The material must be usable (<see cref="TlsMaterial"/>): an error names the field it was read from.
/// No message ever quotes a value: the context is sensitive and the decoders report only field names.
/// </summary>
internal static class SecretMapper
{
    /// <summary>The Secret type this control plane reads.</summary>
    public const string TlsType = "kubernetes.io/tls";

    /// <summary>Maps the whole object (Secrets have no spec); null for non-TLS Secrets.</summary>
    public static TlsSecretModel? Map(MapContext ctx, MappingNode obj)
    {
        if (ctx.String(obj, "type", "") != TlsType)
        {
            return null;
        }

        var data = ctx.Map(obj, "data", "") ?? ObjectMapper.Empty;
        var stringData = ctx.Map(obj, "stringData", "") ?? ObjectMapper.Empty;
        var certificate = Read(ctx, obj, data, stringData, TlsMaterial.Certificate, required: true);
        var key = Read(ctx, obj, data, stringData, TlsMaterial.Key, required: true);
        var ca = Read(ctx, obj, data, stringData, TlsMaterial.Authority, required: false);
        foreach (var (which, message) in TlsMaterial.Check(certificate, key, ca))
        {
            var (field, at) = Source(obj, data, stringData, which);
            ctx.Error(at, field, message);
        }

        return new TlsSecretModel(ctx.Object, certificate ?? "", key ?? "", ca);
    }

    // Where a value was read from: stringData wins over data.
    private static (string Field, DocumentNode At) Source(MappingNode obj, MappingNode data, MappingNode stringData, string key) =>
        MapContext.Get(stringData, key) is { } plain ? (NodePath.Key("stringData", key), plain)
        : MapContext.Get(data, key) is { } encoded ? (NodePath.Key("data", key), encoded)
        : (NodePath.Key("data", key), obj);

    // stringData wins over data, as the API server merges them on write.
    private static string? Read(MapContext ctx, MappingNode obj, MappingNode data, MappingNode stringData, string key, bool required)
    {
        if (MapContext.Get(stringData, key) is { } plain)
        {
            return plain is ScalarNode s ? s.Text : NotText(ctx, plain, NodePath.Key("stringData", key));
        }

        var field = NodePath.Key("data", key);
        switch (MapContext.Get(data, key))
        {
            case null when required:
                ctx.Error(data.Line == 0 ? obj : data, field, $"is required for a {TlsType} Secret (in data, base64, or stringData)");
                return null;
            case null:
                return null;
            case ScalarNode s:
                var bytes = new byte[s.Text.Length];
                if (!Convert.TryFromBase64String(s.Text, bytes, out var length))
                {
                    ctx.Error(s, field, "is not valid base64");
                    return null;
                }

                return Encoding.UTF8.GetString(bytes, 0, length);
            case var other:
                return NotText(ctx, other, field);
        }
    }

    private static string? NotText(MapContext ctx, DocumentNode at, string field)
    {
        ctx.Error(at, field, $"must be a string, got {at.Describe()}");
        return null;
    }
}
