using Envoy.Config.Core.V3;

namespace XdsControlPlane.Xds.Protocol;

/// <summary>Chooses the proxy profile, and so the snapshot, a client receives from its node (P28).</summary>
public interface IProfileResolver
{
    /// <summary>The profile name for <paramref name="node"/>.</summary>
    string Resolve(Node node);
}
