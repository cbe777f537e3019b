using Envoy.Config.Listener.V3;

namespace XdsControlPlane.Compiler.Tests.Validation;

/// <summary>Small changes to test listeners.</summary>
internal static class ListenerTestExtensions
{
    /// <summary>The listener on another port.</summary>
    public static Listener WithPort(this Listener listener, uint port)
    {
        listener.Address.SocketAddress.PortValue = port;
        return listener;
    }
}
