using Grpc.AspNetCore.Server.Model;
using Grpc.HealthCheck;
using Grpc.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Protocol.Authorization;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Status;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds;

/// <summary>
/// The xDS gRPC server: its own Kestrel listener (HTTP/2 only) serving, through Grpc.AspNetCore, ADS and the per-type
/// xDS services, CSDS, <c>grpc.health.v1</c> and, when enabled, server reflection. It shares the snapshot store and the
/// ledger with the rest of the process.
/// </summary>
public sealed class XdsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcShutdown _shutdown = new();
    private readonly XdsHealth _health;
    private readonly MemoryTrimmer? _trimmer;
    private readonly TlsCredentials? _credentials;
    private int _disposed;
    private int _running;

    /// <summary>
    /// Builds the server; call <see cref="StartAsync"/> to listen. <paramref name="extraEndpoints"/> may map more
    /// endpoints on the xDS port (tests use it for calls that outlive a shutdown). <paramref name="authorization"/>
    /// replaces the one the options imply (identities checked with a client CA, no declared rules).
    /// </summary>
    public XdsServer(GrpcServerOptions options, ISnapshotStore store, ProxyLedger ledger, IProfileResolver profiles,
        ILoggerFactory loggers, TimeProvider? clock = null, Action<IEndpointRouteBuilder>? extraEndpoints = null, XdsAuthorization? authorization = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        _credentials = GrpcListener.LoadCredentials(options, loggers.CreateLogger<TlsCredentials>());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            GrpcListener.Listen(kestrel, options, _credentials);
        });
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(5));

        // With a client CA every call has an identity and is authorized; declared rules come from the host.
        authorization ??= new XdsAuthorization(options.ClientCaPath is not null, options.AllowPlaintextSecrets);
        Handler = new XdsStreamHandler(store, ledger, profiles, clock ?? TimeProvider.System, loggers, authorization);
        var health = new HealthServiceImpl();
        var services = builder.Services;
        services.AddSingleton(Handler);
        services.AddSingleton<IServiceMethodProvider<XdsStreamHandler>, XdsMethods>();
        services.AddSingleton(new ClientStatusService(ledger, authorization, loggers.CreateLogger<ClientStatusService>()));
        services.AddSingleton<IServiceMethodProvider<ClientStatusService>, ClientStatusMethods>();
        services.AddSingleton(health);
        services.AddSingleton<GrpcCallEndings>();
        services.AddGrpc(grpc =>
        {
            // Larger requests end the call with RESOURCE_EXHAUSTED. Responses are never compressed (the library's
            // default): they are the shared pre-encoded bytes. Requests may be compressed with gzip or deflate.
            grpc.MaxReceiveMessageSize = options.MaxReceiveMessageSize;
            grpc.MaxSendMessageSize = null;
            grpc.Interceptors.Add<GrpcCallEndings>();
        });
        if (options.EnableReflection)
        {
            // Registered before AddGrpcReflection, which keeps them: it would look for generated service classes.
            var descriptors = XdsReflection.Services();
            services.AddSingleton(new ReflectionServiceImpl(descriptors));
            services.AddSingleton(new ReflectionV1ServiceImpl(descriptors));
            services.AddGrpcReflection();
        }

        _app = builder.Build();
        _app.Use(GrpcCallMiddleware.Create(_shutdown));
        _app.MapGrpcService<XdsStreamHandler>();
        _app.MapGrpcService<ClientStatusService>();
        _app.MapGrpcService<HealthServiceImpl>();
        if (options.EnableReflection)
        {
            _app.MapGrpcReflectionService();
        }

        extraEndpoints?.Invoke(_app);
        _health = new XdsHealth(health, store);
        _trimmer = options.TrimMemoryAfterIdle is { } idle && idle > TimeSpan.Zero ? new MemoryTrimmer(idle, clock ?? TimeProvider.System) : null;
    }

    /// <summary>The xDS stream engine.</summary>
    public XdsStreamHandler Handler { get; }

    /// <summary>The TLS material new connections get (null for h2c); tests follow its reloads.</summary>
    internal TlsCredentials? Credentials => _credentials;

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

    /// <summary>
    /// Reports NOT_SERVING, ends every call with UNAVAILABLE (so clients reconnect elsewhere), then stops listening.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        _health.ShuttingDown();
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

        _health.ShuttingDown();
        _shutdown.Begin();
        // Disposing a running host does not stop it gracefully: Kestrel would abort the connections and clients
        // would see resets instead of UNAVAILABLE. Stop first unless StopAsync already did.
        if (Volatile.Read(ref _running) != 0)
        {
            await StopAsync().ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _health.Dispose();
        _credentials?.Dispose();
        if (_trimmer is not null)
        {
            await _trimmer.DisposeAsync().ConfigureAwait(false);
        }

        _shutdown.Dispose();
    }
}
