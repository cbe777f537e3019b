using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Serilog;
using Serilog.Extensions.Logging;
using XdsControlPlane;
using XdsControlPlane.Authorization;
using XdsControlPlane.Cli;
using XdsControlPlane.Diagnostics;
using XdsControlPlane.Diagnostics.Metrics;
using XdsControlPlane.Logging;
using XdsControlPlane.Kubernetes;
using XdsControlPlane.Policies;
using XdsControlPlane.Reconcile;
using XdsControlPlane.Sources;
using XdsControlPlane.Sources.Manifests;
using XdsControlPlane.Xds;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;

if (CommandLine.IsCommand(args))
{
    return await CommandLine.RunAsync(args, Console.Out, Console.Error);
}

var switches = new Dictionary<string, string>
{
    ["--xds-port"] = "Xds:Port",
    ["--xds-address"] = "Xds:Address",
    ["--admin-port"] = "Admin:Port",
    ["--admin-address"] = "Admin:Address",
    ["--tls-cert"] = "Xds:TlsCertificatePath",
    ["--tls-key"] = "Xds:TlsKeyPath",
    ["--client-ca"] = "Xds:ClientCaPath",
    ["--authorization-rules"] = "Xds:AuthorizationRules",
    ["--manifests"] = "Manifests:Directory",
    ["--data-dir"] = "DataDirectory",
    ["--admin-token"] = "Admin:Token",
    ["--admin-read-token"] = "Admin:ReadToken",
    ["--log-format"] = "Logging:Format",
    ["--log-level"] = "Logging:Level",
    ["--policy-db"] = "Policies:Database",
    ["--controller-name"] = "Gateway:ControllerName",
};
KubernetesWiring.AddSwitches(switches);
args = KubernetesWiring.NormalizeArgs(args);
args = [.. args.Select(a => a == "--allow-plaintext-secrets" ? "--Xds:AllowPlaintextSecrets=true" : a)];

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
builder.Configuration.AddEnvironmentVariables("XDS_").AddCommandLine(args, switches);
var options = builder.Configuration.Get<ControlPlaneOptions>() ?? new ControlPlaneOptions();

try
{
    Log.Logger = SerilogSetup.Create(options.Logging);
    AdminTokenExtensions.Validate(options.Admin);
    PolicyHosting.Validate(options);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}

using var loggers = new SerilogLoggerFactory(Log.Logger, dispose: false);
builder.Services.AddControlPlaneLogging(Log.Logger);

Directory.CreateDirectory(options.DataDirectory);
var clock = TimeProvider.System;
// Listen before anything records, so /metrics counts from the start.
using var exporter = new MetricsExport([XdsMetrics.MeterName, HostMetrics.MeterName, SourceMetrics.MeterName]);
var store = new SnapshotStore(clock, options.HistoryCapacity);
var ledger = new ProxyLedger(clock);
using var hostMetrics = new HostMetrics(store);
builder.Services.AddSingleton<ISnapshotStore>(store);
builder.Services.AddSingleton<IProxyLedger>(ledger);
builder.Services.AddSingleton(exporter);
builder.Services.AddSingleton(clock);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Parse(options.Admin.Address), options.Admin.Port);
});

if (AuthorizationWiring.Create(options.Xds, Console.Error) is not { } authorization)
{
    return 2;
}

XdsServer xdsServer;
try
{
    xdsServer = new XdsServer(options.Xds, store, ledger, new EncodingProfileResolver(new NodeProfileResolver()), loggers, clock,
        authorization: authorization);
}
catch (Exception e) when (e is ArgumentException or InvalidOperationException)
{
    // Inconsistent TLS options, or a certificate, key or CA file that does not load (the message names it).
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 2;
}

await using var xds = xdsServer;
var reconciler = new Reconciler(store, loggers.CreateLogger<Reconciler>(), options.HistoryCapacity, Path.Combine(options.DataDirectory, "pin.json"), clock, hostMetrics,
    new XdsControlPlane.Compiler.CompileOptions(options.Gateway.ControllerName));
reconciler.RestorePin(); // a pin survives restarts: proxies are held at it before the first model compiles
builder.Services.AddSingleton(reconciler);
using var rejections = new XdsControlPlane.Rejections.ClientRejections(ledger, clock, TimeSpan.FromSeconds(1));
builder.Services.AddSingleton(rejections);
builder.Services.AddSingleton<IReadinessCheck>(new SnapshotReadiness(reconciler, store));
var composer = new ModelComposer(reconciler, loggers.CreateLogger<ModelComposer>());
await using var policies = builder.Services.AddPolicyStore(options, loggers, clock);
var app = builder.Build();
app.UseAdminGuards(options.Admin);
app.MapDiagnostics();
app.MapPolicies();
await composer.StartPolicyStoreAsync(policies);

// The embedded default: the bundled quickstart when no directory is configured and it is there.
// A cluster (--kubernetes) replaces the manifest directory.
var manifestDirectory = options.Kubernetes.Enabled ? null : options.Manifests.Directory ?? EmbeddedDefault.FindQuickstart();
await using IModelSource? source = KubernetesWiring.CreateSource(options, reconciler, clock, loggers, rejections) ?? (manifestDirectory is null ? null : new ManifestDirectorySource(
    new ManifestDirectoryOptions { Directory = manifestDirectory, QuietPeriod = options.Manifests.QuietPeriod, MaxDelay = options.Manifests.MaxDelay },
    clock, loggers.CreateLogger<ManifestDirectorySource>()));
if (source is null)
{
    Log.Warning("no manifest directory (--manifests DIR): serving an empty configuration");
    composer.SetBase(XdsControlPlane.Model.ModelContext.Empty);
}
else
{
    source.Changed += (_, model) => composer.SetBase(model);
    var initial = await source.StartAsync();
    Log.Information("loaded {Source}: {Services} services, {Slices} endpoint slices, {Gateways} gateways, {Routes} routes, {Policies} policies, {Secrets} secrets, {Errors} source errors",
        source.Name, initial.Services.Count, initial.EndpointSlices.Count, initial.Gateways.Count, initial.Routes.Count, initial.Policies.Count, initial.Secrets.Count, initial.SourceErrors.Count);
    composer.SetBase(initial);
}

await xds.StartAsync();
await app.StartAsync();
var admin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Log.Information("xDS (gRPC, {Mode}) listening on {Address}:{Port}", options.Xds.TlsCertificatePath is null ? "h2c" : "TLS", options.Xds.Address, xds.Port);
Log.Information("diagnostics listening on {Admin}", admin);
if (options.Xds.TlsCertificatePath is null && !IPAddress.IsLoopback(IPAddress.Parse(options.Xds.Address)))
{
    Log.Warning("xDS listens on {Address} without TLS: clients are not authenticated and anyone who can reach the port can claim any node; use --tls-cert, --tls-key and --client-ca",
        options.Xds.Address);
}

if (options.Xds.ClientCaPath is null && options.Xds.AllowPlaintextSecrets)
{
    Log.Warning("--allow-plaintext-secrets: private keys are sent to clients that are not authenticated by mutual TLS");
}

if (string.IsNullOrEmpty(options.Admin.Token) && !IPAddress.IsLoopback(IPAddress.Parse(options.Admin.Address)))
{
    Log.Warning("diagnostics listen on {Address} without an admin token (--admin-token): anyone who can reach it can read proxy state", options.Admin.Address);
}

var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
stopping.Register(() => Log.Information("shutting down: closing xDS streams with UNAVAILABLE"));
await app.WaitForShutdownAsync();
await xds.StopAsync();
await Log.CloseAndFlushAsync();
return 0;
