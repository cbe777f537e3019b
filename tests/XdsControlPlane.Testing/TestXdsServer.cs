using Microsoft.Extensions.Logging.Abstractions;
using XdsControlPlane.Xds;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Testing;

/// <summary>The real xDS server on 127.0.0.1 and a free port, with its store and ledger exposed to the test.</summary>
public sealed class TestXdsServer : IAsyncDisposable
{
    private readonly bool _tls;

    private TestXdsServer(XdsServer server, SnapshotStore store, ProxyLedger ledger, bool tls)
    {
        _tls = tls;
        Server = server;
        Store = store;
        Ledger = ledger;
    }

    /// <summary>The server.</summary>
    public XdsServer Server { get; }

    /// <summary>Its snapshot store.</summary>
    public SnapshotStore Store { get; }

    /// <summary>Its ledger.</summary>
    public ProxyLedger Ledger { get; }

    /// <summary>Base address: http://127.0.0.1:port/, or https:// when the options set a TLS certificate.</summary>
    public Uri Address => new($"{(_tls ? "https" : "http")}://127.0.0.1:{Server.Port}/");

    /// <summary>
    /// Starts a server; <paramref name="configure"/> may change the options (port is forced to 0),
    /// <paramref name="extraEndpoints"/> may map test-only endpoints next to the xDS services, and
    /// <paramref name="profiles"/> replaces the <see cref="MetadataProfileResolver"/>, <paramref name="authorization"/> the
    /// one the options imply.
    /// </summary>
    public static async Task<TestXdsServer> StartAsync(Action<GrpcServerOptions>? configure = null, TimeProvider? clock = null,
        Microsoft.Extensions.Logging.ILoggerFactory? loggers = null, Action<Microsoft.AspNetCore.Routing.IEndpointRouteBuilder>? extraEndpoints = null,
        IProfileResolver? profiles = null, Xds.Protocol.Authorization.XdsAuthorization? authorization = null)
    {
        var options = new GrpcServerOptions { Address = "127.0.0.1", KeepAlivePingDelay = null };
        configure?.Invoke(options);
        options.Port = 0;
        var store = new SnapshotStore(clock ?? TimeProvider.System);
        var ledger = new ProxyLedger(clock ?? TimeProvider.System);
        var server = new XdsServer(options, store, ledger, profiles ?? new MetadataProfileResolver(), loggers ?? NullLoggerFactory.Instance, clock,
            extraEndpoints, authorization);
        await server.StartAsync().ConfigureAwait(false);
        return new TestXdsServer(server, store, ledger, options.TlsCertificatePath is not null);
    }

    /// <summary>Publishes to the default profile.</summary>
    public bool Publish(IEnumerable<XdsResource> resources, string profile = SnapshotStore.DefaultProfile) =>
        Store.Publish(profile, Snapshot.Create(resources));

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await Server.DisposeAsync().ConfigureAwait(false);
}
