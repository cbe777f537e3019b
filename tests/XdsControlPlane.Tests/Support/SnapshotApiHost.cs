using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging.Abstractions;
using XdsControlPlane.Diagnostics;
using XdsControlPlane.Reconcile;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Tests.Support;

/// <summary>
/// The snapshot endpoints hosted in process on a free loopback port, over a real <see cref="Reconciler"/> and
/// <see cref="SnapshotStore"/> whose pin lives in <see cref="DataDirectory"/>.
/// </summary>
internal sealed class SnapshotApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SnapshotApiHost(WebApplication app, SnapshotStore store, Reconciler reconciler, Uri address, string dataDirectory)
    {
        _app = app;
        Store = store;
        Reconciler = reconciler;
        Address = address;
        DataDirectory = dataDirectory;
        Http = new HttpClient { BaseAddress = address };
    }

    public SnapshotStore Store { get; }

    public Reconciler Reconciler { get; }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public string DataDirectory { get; }

    public string PinPath => Path.Combine(DataDirectory, "pin.json");

    /// <summary>Starts a host whose pin file is in <paramref name="dataDirectory"/>, restoring a pin left there.</summary>
    public static async Task<SnapshotApiHost> StartAsync(string dataDirectory, int historyCapacity = 100)
    {
        var clock = new ManualClock();
        var store = new SnapshotStore(clock, historyCapacity);
        var reconciler = new Reconciler(store, NullLogger<Reconciler>.Instance, historyCapacity, Path.Combine(dataDirectory, "pin.json"), clock);
        reconciler.RestorePin();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(reconciler);
        var app = builder.Build();
        app.MapSnapshots();
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return new SnapshotApiHost(app, store, reconciler, address, dataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
    }
}
