using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane;

/// <summary>Everything the host reads from configuration (appsettings.json, XDS_ environment variables, command line).</summary>
public sealed class ControlPlaneOptions
{
    /// <summary>The xDS gRPC listener (section <c>Xds</c>).</summary>
    public GrpcServerOptions Xds { get; set; } = new();

    /// <summary>The diagnostics listener (section <c>Admin</c>).</summary>
    public AdminOptions Admin { get; set; } = new();

    /// <summary>How many published snapshots the history keeps.</summary>
    public int HistoryCapacity { get; set; } = 100;
}

/// <summary>The diagnostics (REST) listener.</summary>
public sealed class AdminOptions
{
    /// <summary>Bind address; loopback by default.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>TCP port.</summary>
    public int Port { get; set; } = 18080;
}
