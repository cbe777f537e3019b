using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace XdsControlPlane.Testing.Kubernetes;

/// <summary>
/// An in-process stand-in for the Kubernetes API server (Kestrel, 127.0.0.1, a free port) that speaks
/// the real REST and watch protocol for the kinds the control plane reads: lists with metadata.resourceVersion,
/// <c>limit</c>/<c>continue</c> paging, label selectors and equality field selectors; watches as chunked streams of JSON event lines from a
/// resourceVersion, with BOOKMARK events; <c>410 Gone</c> for versions older than the last compaction (as an ERROR
/// event, or as an HTTP 410 when <see cref="WatchGoneAsHttpStatus"/>); merge patches of the status subresource (a
/// <c>metadata.resourceVersion</c> in the patch is a precondition: 409 Conflict when the object has another);
/// create and replace with 409 Conflict on a stale resourceVersion (Leases, whose MicroTime fields must carry six
/// fractional digits, as the real server parses them). HTTP/1.1 and, over TLS, HTTP/2. Every request is recorded.
/// Simplifications: one global resourceVersion counter; client certificates are recorded, not verified; objects that
/// stop matching a label selector are not sent as DELETED; no server-side apply.
/// </summary>
public sealed partial class SimulatedApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SimulatedKind> _kinds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _objects = new(StringComparer.Ordinal);
    private readonly List<(long Version, string Plural, string Type, JsonObject Object)> _history = [];
    private readonly List<Watcher> _watchers = [];
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(Func<RecordedRequest, bool> Match, TaskCompletionSource<RecordedRequest> Done)> _awaited = [];
    private readonly List<(string Plural, TaskCompletionSource Done)> _awaitedWatches = [];
    private readonly Dictionary<string, (long Version, List<JsonObject> Remaining)> _continues = new(StringComparer.Ordinal);
    private long _version = 100;
    private long _compactedBelow;
    private int _uid;

    private SimulatedApiServer(WebApplication app)
    {
        _app = app;
        foreach (var kind in SimulatedKind.Defaults)
        {
            Install(kind);
        }
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>When set, every request must carry <c>Authorization: Bearer</c> this token, or gets 401.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>When set and returning a status code for a request, the request is answered with that error instead (outages, 403s).</summary>
    public Func<RecordedRequest, int?>? Fault { get; set; }

    /// <summary>Answer a watch from a compacted resourceVersion with HTTP 410 instead of a 200 stream holding an ERROR event.</summary>
    public bool WatchGoneAsHttpStatus { get; set; }

    /// <summary>The current resourceVersion.</summary>
    public string ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _version.ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>Every request received so far.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>
    /// Starts a server on a free loopback port; over HTTPS with <paramref name="certificate"/> when given, then asking
    /// callers for a client certificate when <paramref name="askClientCertificate"/> (any is accepted and its subject
    /// recorded: the real server would check it against its client CA).
    /// </summary>
    public static async Task<SimulatedApiServer> StartAsync(X509Certificate2? certificate = null, bool askClientCertificate = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate, https =>
                {
                    if (askClientCertificate)
                    {
                        https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                        https.AllowAnyClientCertificate();
                    }
                });
            }
        }));
        var app = builder.Build();
        var server = new SimulatedApiServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    /// <summary>Serves <paramref name="kind"/> (installs its CRD).</summary>
    public void Install(SimulatedKind kind)
    {
        lock (_gate)
        {
            _kinds[kind.Plural] = kind;
            _objects.TryAdd(kind.Plural, new SortedDictionary<string, JsonObject>(StringComparer.Ordinal));
        }
    }

    /// <summary>Stops serving the kind with this plural (its CRD is not installed): list and watch answer 404.</summary>
    public void Uninstall(string plural)
    {
        lock (_gate)
        {
            _kinds.Remove(plural);
        }
    }

    /// <summary>
    /// Creates or replaces an object (apiVersion, kind, metadata.name and, if namespaced, metadata.namespace are
    /// required). A change outside metadata and status increments metadata.generation, as the real server does.
    /// </summary>
    /// <returns>The stored object.</returns>
    public JsonObject Apply(JsonObject obj)
    {
        var kind = KindOf((string)obj["apiVersion"]!, (string)obj["kind"]!);
        lock (_gate)
        {
            var stored = Upsert(kind, (JsonObject)obj.DeepClone(), keepStatus: obj["status"] is null);
            return (JsonObject)stored.DeepClone();
        }
    }

    /// <summary>Parses <paramref name="json"/> and applies it.</summary>
    public JsonObject Apply(string json) => Apply(JsonNode.Parse(json)!.AsObject());

    /// <summary>Deletes an object; false if it did not exist.</summary>
    public bool Delete(string apiVersion, string kindName, string? ns, string name)
    {
        var kind = KindOf(apiVersion, kindName);
        lock (_gate)
        {
            var key = Key(kind.Namespaced ? ns : null, name);
            if (!_objects[kind.Plural].Remove(key, out var removed))
            {
                return false;
            }

            var version = ++_version;
            ((JsonObject)removed["metadata"]!)["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
            Emit(kind, "DELETED", removed, version);
            return true;
        }
    }

    /// <summary>The stored object, or null.</summary>
    public JsonObject? Get(string apiVersion, string kindName, string? ns, string name)
    {
        var kind = KindOf(apiVersion, kindName);
        lock (_gate)
        {
            return _objects[kind.Plural].GetValueOrDefault(Key(kind.Namespaced ? ns : null, name))?.DeepClone().AsObject();
        }
    }

    /// <summary>Forgets history: watches from any version up to now get 410 Gone; continue tokens expire.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _compactedBelow = _version + 1;
            _history.Clear();
            _continues.Clear();
        }
    }

    /// <summary>Completes with the first request (already received or future) that matches; fails naming <paramref name="awaiting"/> on timeout.</summary>
    public async Task<RecordedRequest> WaitForRequestAsync(Func<RecordedRequest, bool> match, string awaiting, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_requests.FirstOrDefault(match) is { } seen)
            {
                return seen;
            }

            _awaited.Add((match, done));
        }

        try
        {
            return await done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the simulated API server did not receive {awaiting}; requests so far:\n{string.Join('\n', Requests)}");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        DropWatches();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
