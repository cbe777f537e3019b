namespace XdsControlPlane.Compiler;

/// <summary>What the compiler needs to know about this server beyond the model. Fixed for the life of a process.</summary>
/// <param name="ControllerName">
/// The GatewayClass controllerName this server answers for: only Gateways of classes naming it are served and get status.
/// </param>
public sealed record CompileOptions(string ControllerName)
{
    /// <summary>The controllerName this server answers for unless configured otherwise.</summary>
    public const string DefaultControllerName = "xds.controlplane.io/gateway-controller";

    /// <summary>The options of a server configured with nothing.</summary>
    public static CompileOptions Default { get; } = new(DefaultControllerName);
}
