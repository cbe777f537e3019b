using XdsControlPlane.Model;
using TlsSecret = Envoy.Extensions.TransportSockets.Tls.V3.Secret;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>What one profile accumulates while its listeners and routes are built: the clusters and secrets they reference.</summary>
internal sealed class ProfileState(CompileContext context, string name, bool proxyless)
{
    private readonly SortedDictionary<string, ClusterUse> _clusters = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, TlsSecret> _secrets = new(StringComparer.Ordinal);

    public CompileContext Context { get; } = context;

    public string Name { get; } = name;

    /// <summary>True for proxyless gRPC clients: emit only what they support.</summary>
    public bool Proxyless { get; } = proxyless;

    public IEnumerable<ClusterUse> Clusters => _clusters.Values;

    public IEnumerable<TlsSecret> Secrets => _secrets.Values;

    public void UseCluster(ServiceModel service, ServicePort port, bool grpc)
    {
        var use = new ClusterUse(service, port, grpc);
        if (_clusters.TryGetValue(use.Name, out var existing))
        {
            use = existing with { Grpc = existing.Grpc || grpc };
        }

        _clusters[use.Name] = use;
    }

    public void UseSecret(TlsSecret secret) => _secrets[secret.Name] = secret;
}
