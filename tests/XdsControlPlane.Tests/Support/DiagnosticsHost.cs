using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging.Abstractions;
using XdsControlPlane.Diagnostics;
using Serilog.Core;
using XdsControlPlane.Diagnostics.Metrics;
using XdsControlPlane.Logging;
using XdsControlPlane.Reconcile;
using XdsControlPlane.Sources;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Tests.Support;

/// <summary>
/// The diagnostics API wired as Program.cs wires it (token middleware, endpoints, readiness, metrics), on loopback
/// and a free port, over a real in-process xDS server whose store and ledger it reads.
/// </summary>
internal sealed class DiagnosticsHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HostMetrics _metrics;

    private DiagnosticsHost(WebApplication app, TestXdsServer xds, Reconciler reconciler, MetricsExport exporter, HostMetrics metrics, List<IReadinessCheck> checks)
    {
        _app = app;
        Xds = xds;
        Reconciler = reconciler;
        Exporter = exporter;
        _metrics = metrics;
        Checks = checks;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Admin = new Uri(address.EndsWith('/') ? address : address + "/");
        Http = new HttpClient { BaseAddress = Admin };
    }

    /// <summary>The xDS server (its store and ledger back the API).</summary>
    public TestXdsServer Xds { get; }

    /// <summary>The reconciler behind <c>/api/v1/errors</c> and readiness.</summary>
    public Reconciler Reconciler { get; }

    /// <summary>The exporter behind <c>/metrics</c>.</summary>
    public MetricsExport Exporter { get; }

    /// <summary>Readiness checks; tests may add to it.</summary>
    public List<IReadinessCheck> Checks { get; }

    /// <summary>Diagnostics base address.</summary>
    public Uri Admin { get; }

    /// <summary>A client without a token, based at <see cref="Admin"/>.</summary>
    public HttpClient Http { get; }

    public static Task<DiagnosticsHost> StartAsync(string? token = null) => StartAsync(new AdminOptions { Token = token });

    /// <summary>Starts a host guarded as <paramref name="admin"/> says; request log events go to <paramref name="log"/> if given.</summary>
    public static async Task<DiagnosticsHost> StartAsync(AdminOptions admin, ILogEventSink? log = null)
    {
        // Redaction tests send proxies secrets with private keys over h2c, which needs the operator's consent.
        var xds = await TestXdsServer.StartAsync(o => o.AllowPlaintextSecrets = true);
        var exporter = new MetricsExport([XdsMetrics.MeterName, HostMetrics.MeterName, SourceMetrics.MeterName]);
        var metrics = new HostMetrics(xds.Store);
        var reconciler = new Reconciler(xds.Store, NullLogger<Reconciler>.Instance, metrics: metrics);
        var checks = new List<IReadinessCheck> { new SnapshotReadiness(reconciler, xds.Store) };
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<ISnapshotStore>(xds.Store);
        builder.Services.AddSingleton<IProxyLedger>(xds.Ledger);
        builder.Services.AddSingleton(exporter);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(reconciler);
        builder.Services.AddSingleton(new XdsControlPlane.Rejections.ClientRejections(xds.Ledger, TimeProvider.System, TimeSpan.FromMilliseconds(100)));
        builder.Services.AddTransient<IEnumerable<IReadinessCheck>>(_ => checks.ToArray());
        builder.Services.AddControlPlaneLogging(SerilogSetup.Create(new LoggingOptions { Level = "Debug" }, log ?? new JsonLinesSink()));
        var app = builder.Build();
        app.UseAdminGuards(admin);
        app.MapDiagnostics();
        await app.StartAsync();
        return new DiagnosticsHost(app, xds, reconciler, exporter, metrics, checks);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
        await Xds.DisposeAsync();
        _metrics.Dispose();
        Exporter.Dispose();
    }
}
