using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using XdsControlPlane.Diagnostics;
using XdsControlPlane.Logging;
using XdsControlPlane.Model;
using XdsControlPlane.Policies;
using XdsControlPlane.Reconcile;
using XdsControlPlane.Sources.Policies;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Tests.Policies;

/// <summary>
/// The diagnostics and policy endpoints on 127.0.0.1 (a free port) in process, wired as Program.cs wires them: the store in
/// a temporary data directory, its source feeding a composer and a real reconciler.
/// </summary>
internal sealed class PolicyApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly PolicyStoreHost _source;

    private PolicyApiHost(WebApplication app, PolicyStoreHost source, string dataDirectory, Uri address)
    {
        _app = app;
        _source = source;
        DataDirectory = dataDirectory;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public string DataDirectory { get; }

    public PolicyStore Store => _app.Services.GetRequiredService<PolicyStore>();

    public Reconciler Reconciler => _app.Services.GetRequiredService<Reconciler>();

    /// <summary>
    /// Starts a host. <paramref name="database"/>: a PostgreSQL URI (a replica sharing the store; polling is then off,
    /// so only notifications bring other replicas' changes); <paramref name="xds"/>: a real xDS server whose snapshots
    /// the reconciler publishes to and whose ledger the API reads.
    /// </summary>
    public static async Task<PolicyApiHost> StartAsync(string dataDirectory, ModelContext? baseModel = null, AdminOptions? admin = null,
        string? database = null, TestXdsServer? xds = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var options = new ControlPlaneOptions { DataDirectory = dataDirectory };
        options.Policies.BusyTimeout = TimeSpan.FromMilliseconds(100);
        options.Policies.PollInterval = database is null ? TimeSpan.FromMilliseconds(100) : TimeSpan.FromHours(1);
        options.Policies.Database = database;
        var snapshots = xds?.Store ?? new SnapshotStore(TimeProvider.System, 10);
        var reconciler = new Reconciler(snapshots, NullLogger<Reconciler>.Instance);
        builder.Services.AddSingleton<ISnapshotStore>(snapshots);
        builder.Services.AddSingleton<IProxyLedger>(xds?.Ledger ?? new ProxyLedger(TimeProvider.System));
        builder.Services.AddSingleton(reconciler);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => new XdsControlPlane.Diagnostics.Metrics.MetricsExport([XdsControlPlane.Diagnostics.Metrics.HostMetrics.MeterName]));
        builder.Services.AddControlPlaneLogging(new Serilog.LoggerConfiguration().CreateLogger());
        builder.Services.AddSingleton<IReadinessCheck>(new SnapshotReadiness(reconciler, snapshots));
        var source = builder.Services.AddPolicyStore(options, NullLoggerFactory.Instance, TimeProvider.System);
        var app = builder.Build();
        app.UseAdminGuards(admin ?? new AdminOptions());
        app.MapDiagnostics();
        app.MapPolicies();
        var composer = new ModelComposer(reconciler, NullLogger<ModelComposer>.Instance);
        await composer.StartPolicyStoreAsync(source);
        composer.SetBase(baseModel ?? ModelContext.Empty);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PolicyApiHost(app, source, dataDirectory, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _source.DisposeAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}
