using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Status;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds;

/// <summary>
/// The xDS gRPC server: its own Kestrel listener (HTTP/2 only) whose only handler is the gRPC dispatcher.
/// It shares the snapshot store and the ledger with the rest of the process.
/// </summary>
public sealed class XdsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcShutdown _shutdown = new();
    private readonly MemoryTrimmer? _trimmer;
    private int _disposed;
    private int _running;

    /// <summary>Builds the server; call <see cref="StartAsync"/> to listen.</summary>
    public XdsServer(GrpcServerOptions options, ISnapshotStore store, ProxyLedger ledger, IProfileResolver profiles,
        ILoggerFactory loggers, TimeProvider? clock = null, Action<GrpcServiceRouter>? extraServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            GrpcListener.Listen(kestrel, options);
        });
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(5));
        _app = builder.Build();

        Handler = new XdsStreamHandler(store, ledger, profiles, clock ?? TimeProvider.System, loggers);
        Router = new GrpcServiceRouter().MapXds(Handler).MapClientStatus(ledger);
        extraServices?.Invoke(Router);
        var requests = new GrpcRequestHandler(Router, options, _shutdown, loggers.CreateLogger<GrpcRequestHandler>());
        _app.Run(requests.HandleAsync);
        _trimmer = options.TrimMemoryAfterIdle is { } idle && idle > TimeSpan.Zero ? new MemoryTrimmer(idle, clock ?? TimeProvider.System) : null;
    }

    /// <summary>The method table (for adding services such as CSDS).</summary>
    public GrpcServiceRouter Router { get; }

    /// <summary>The xDS stream engine.</summary>
    public XdsStreamHandler Handler { get; }

    /// <summary>The bound port (after <see cref="StartAsync"/>).</summary>
    public int Port { get; private set; }

    /// <summary>Starts listening.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _running, 1);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
    }

    /// <summary>Ends every stream with UNAVAILABLE (so clients reconnect elsewhere), then stops listening.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        _shutdown.Begin();
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _running, 0);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _shutdown.Begin();
        // Disposing a running host does not stop it gracefully: Kestrel would abort the connections and clients
        // would see resets instead of UNAVAILABLE. Stop first unless StopAsync already did.
        if (Volatile.Read(ref _running) != 0)
        {
            await StopAsync().ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        if (_trimmer is not null)
        {
            await _trimmer.DisposeAsync().ConfigureAwait(false);
        }

        _shutdown.Dispose();
    }
}
