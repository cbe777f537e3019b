namespace XdsControlPlane.Xds.Transport;

/// <summary>Options of the gRPC listener that carries xDS.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>Address to bind; loopback by default.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one.</summary>
    public int Port { get; set; } = 18000;

    /// <summary>Largest request message accepted; larger ones end the call with RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Path of a PEM certificate (chain) for TLS; cleartext HTTP/2 (h2c) when unset.</summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>Path of the PEM private key matching <see cref="TlsCertificatePath"/>.</summary>
    public string? TlsKeyPath { get; set; }

    /// <summary>When set (with TLS), clients must present a certificate issued by this PEM CA bundle (mutual TLS).</summary>
    public string? ClientCaPath { get; set; }

    /// <summary>
    /// How often the certificate, key and client CA files are checked for new content, besides the file watcher (which
    /// may miss a change on some volumes). A change applies to new connections; open streams keep theirs.
    /// </summary>
    public TimeSpan TlsReloadInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Without mutual TLS (no <see cref="ClientCaPath"/>), send secrets that hold private keys anyway. Off by default:
    /// without client certificates nothing tells who is asking, and anyone who reaches the port could take every key.
    /// </summary>
    public bool AllowPlaintextSecrets { get; set; }

    /// <summary>
    /// A YAML or JSON file of declared authorization rules (identity pattern → profiles, fleet reading), tried before the
    /// default rule; read by the host at start. Applies with <see cref="ClientCaPath"/> only.
    /// </summary>
    public string? AuthorizationRules { get; set; }

    /// <summary>HTTP/2 keepalive ping interval; null turns pings off.</summary>
    public TimeSpan? KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Serve gRPC server reflection (<c>grpc.reflection.v1</c> and <c>v1alpha</c>) for tools such as grpcurl: the xDS,
    /// CSDS and health services with their message types. Off by default: it describes the server to anyone who can
    /// reach the port.
    /// </summary>
    public bool EnableReflection { get; set; }

    /// <summary>
    /// After a burst of pushes, once no response was sent for this long, give memory back to the operating system
    /// (one compacting, decommitting collection; see <see cref="MemoryTrimmer"/>). Null turns it off.
    /// </summary>
    public TimeSpan? TrimMemoryAfterIdle { get; set; } = TimeSpan.FromSeconds(10);
}
