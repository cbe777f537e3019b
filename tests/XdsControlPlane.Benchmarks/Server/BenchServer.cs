using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using XdsControlPlane.Xds;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Benchmarks.Server;

/// <summary>
/// <c>server</c> mode: the real <see cref="XdsServer"/> on 127.0.0.1 with a synthetic snapshot in the default profile,
/// or, with <c>--routes R</c>, a <see cref="ManifestConfig"/> directory served through the host's pipeline
/// (<see cref="ManifestPipeline"/>) and profiles chosen from the node as the host does. Prints <c>{"event":"listening","port":N}</c>, then answers one JSON line per command read from stdin:
/// <c>publish</c>, <c>stats</c>, <c>acks</c>, <c>exit</c>. Ends when stdin closes (so it never outlives the load
/// generator that spawned it). Only JSON goes to stdout; diagnostics go to stderr.
/// </summary>
internal static class BenchServer
{
    public static async Task<int> RunAsync(Flags args)
    {
        var services = args.Int("services", 50, 1, 100_000);
        var endpoints = args.Int("endpoints", 3, 1, 1000);
        var port = args.Int("port", 0, 0, 65535);
        var keepAliveSeconds = args.Int("keepalive-seconds", 30, 0, 3600);
        var logLevel = args.String("log", "none", "none", "trace", "debug", "information", "warning", "error");
        var routes = args.Int("routes", 0, 0, 100_000);
        args.RejectUnknown();

        using var loggers = logLevel == "none" ? (ILoggerFactory)NullLoggerFactory.Instance : LoggerFactory.Create(b => b
            .SetMinimumLevel(Enum.Parse<LogLevel>(logLevel, ignoreCase: true))
            .AddSimpleConsole(o => o.SingleLine = true)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddFilter("Microsoft", logLevel is "trace" or "debug" ? LogLevel.Trace : LogLevel.Warning));
        var options = new GrpcServerOptions
        {
            Address = "127.0.0.1",
            Port = port,
            KeepAlivePingDelay = keepAliveSeconds == 0 ? null : TimeSpan.FromSeconds(keepAliveSeconds),
        };
        var store = new SnapshotStore(TimeProvider.System);
        var ledger = new ProxyLedger(TimeProvider.System);
        SyntheticConfig? config = null;
        ManifestPipeline? pipeline = null;
        IProfileResolver profiles;
        if (routes == 0)
        {
            config = new SyntheticConfig(services, endpoints);
            store.Publish(SnapshotStore.DefaultProfile, config.Build());
            profiles = new MetadataProfileResolver();
        }
        else
        {
            var directory = Path.Combine(Path.GetTempPath(), $"xds-large-bench-{Environment.ProcessId}");
            pipeline = await ManifestPipeline.StartAsync(new ManifestConfig(directory, services, endpoints, routes), store).ConfigureAwait(false);
            profiles = new EncodingProfileResolver(new NodeProfileResolver());
        }

        await using var manifests = pipeline;
        await using var server = new XdsServer(options, store, ledger, profiles, loggers);
        await server.StartAsync().ConfigureAwait(false);
        var state = new State(store, ledger, config, pipeline);
        var profile = pipeline is null ? SnapshotStore.DefaultProfile : ManifestConfig.Profile;
        Reply(new JsonObject
        {
            ["event"] = "listening",
            ["port"] = server.Port,
            ["services"] = services,
            ["routes"] = routes,
            ["profile"] = profile,
            ["resources"] = store.Get(profile)!.Sets.Sum(s => s.Count),
            ["gcServer"] = System.Runtime.GCSettings.IsServerGC,
            ["processors"] = Environment.ProcessorCount,
        });

        while (await Console.In.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonObject reply;
            try
            {
                var (command, body) = ParseCommand(line);
                if (command == "exit")
                {
                    Reply(new JsonObject { ["event"] = "bye" });
                    break;
                }

                reply = command switch
                {
                    "publish" => await state.PublishAsync(body?["trigger"]?.GetValue<string>() ?? "endpoint").ConfigureAwait(false),
                    "stats" => state.Stats(),
                    "acks" => state.Acks(),
                    _ => throw new ArgumentException($"unknown command '{command}' (publish, stats, acks, exit)"),
                };
                if (body?["id"] is { } id)
                {
                    reply["id"] = id.DeepClone();
                }
            }
            catch (Exception e) when (e is ArgumentException or JsonException or SnapshotInconsistentException)
            {
                reply = new JsonObject { ["event"] = "error", ["message"] = e.Message };
            }

            Reply(reply);
        }

        // Bounded shutdown: streams end with UNAVAILABLE; whatever is still open after 10 s is dropped with the process.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await server.StopAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("server: stop timed out; exiting anyway").ConfigureAwait(false);
        }

        return 0;
    }

    private static (string Command, JsonObject? Body) ParseCommand(string line)
    {
        var trimmed = line.Trim();
        if (!trimmed.StartsWith('{'))
        {
            // Bare words are accepted for interactive use.
            return (trimmed, null);
        }

        var body = JsonNode.Parse(trimmed) as JsonObject ?? throw new ArgumentException("a command is a JSON object");
        var command = body["cmd"]?.GetValue<string>() ?? throw new ArgumentException("a command needs \"cmd\"");
        return (command, body);
    }

    private static void Reply(JsonObject reply)
    {
        // One line per reply; stdout is the load generator's only channel from us.
        Console.Out.WriteLine(reply.ToJsonString());
        Console.Out.Flush();
    }

    private sealed class State(SnapshotStore store, ProxyLedger ledger, SyntheticConfig? config, ManifestPipeline? pipeline)
    {
        private readonly string _profile = pipeline is null ? SnapshotStore.DefaultProfile : ManifestConfig.Profile;
        private int _publishes;
        private DateTimeOffset _lastPublishAt;
        private string _watchedType = TypeUrls.ClusterLoadAssignment;
        private string _lastVersion = string.Empty;

        /// <summary>
        /// One change: <c>endpoint</c> (one ClusterLoadAssignment; the proxies' EDS ACK is measured) or <c>route</c>
        /// (one HTTPRoute, manifests only; the RDS ACK is measured). <c>version</c> is what the proxies must ACK.
        /// </summary>
        public async Task<JsonObject> PublishAsync(string trigger)
        {
            var before = XdsResource.Serializations;
            _lastPublishAt = TimeProvider.System.GetUtcNow();
            _watchedType = trigger == "route" ? TypeUrls.RouteConfiguration : TypeUrls.ClusterLoadAssignment;
            var started = Stopwatch.GetTimestamp();
            var reply = new JsonObject { ["event"] = "published", ["sequence"] = _publishes + 1, ["trigger"] = trigger };
            if (pipeline is null)
            {
                if (trigger != "endpoint")
                {
                    throw new ArgumentException("the synthetic configuration has only the 'endpoint' trigger (use --routes for 'route')");
                }

                var changed = config!.ChangeOneEndpoint(_publishes);
                reply["published"] = store.Publish(_profile, config.Build());
                reply["changed"] = changed.Name;
                reply["changedVersion"] = changed.Version;
            }
            else
            {
                (var changed, _) = await pipeline.TriggerAsync(trigger, _publishes).ConfigureAwait(false);
                reply["changed"] = changed;
                reply["reconciler"] = pipeline.LastRun();
            }

            _publishes++;
            var snapshot = store.Get(_profile)!;
            _lastVersion = snapshot[_watchedType].Version;
            reply["snapshotVersion"] = snapshot.Version;
            reply["version"] = _lastVersion;
            reply["edsVersion"] = snapshot[TypeUrls.ClusterLoadAssignment].Version;
            reply["serializationsDuringPublish"] = XdsResource.Serializations - before;
            reply["publishMs"] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return reply;
        }

        public JsonObject Stats()
        {
            var started = Stopwatch.GetTimestamp();
            var managed = GC.GetTotalMemory(forceFullCollection: true);
            var gcMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var info = GC.GetGCMemoryInfo();
            return new JsonObject
            {
                ["event"] = "stats",
                ["managedBytes"] = managed,
                ["gcHeapBytes"] = info.HeapSizeBytes,
                ["gcCommittedBytes"] = info.TotalCommittedBytes,
                ["gcLiveBytes"] = info.HeapSizeBytes - info.FragmentedBytes,
                ["workingSetBytes"] = process.WorkingSet64,
                ["privateBytes"] = process.PrivateMemorySize64,
                ["streams"] = ledger.Count,
                ["serializations"] = XdsResource.Serializations,
                ["threads"] = process.Threads.Count,
                ["threadPoolThreads"] = ThreadPool.ThreadCount,
                ["cpuMs"] = process.TotalProcessorTime.TotalMilliseconds,
                ["gen0"] = GC.CollectionCount(0),
                ["gen1"] = GC.CollectionCount(1),
                ["gen2"] = GC.CollectionCount(2),
                ["fullGcMs"] = gcMs,
            };
        }

        /// <summary>
        /// The server's own view of the last publish: how many streams' ledgers hold an ACK of the new version of the
        /// watched type (EDS, or RDS after a route change),
        /// and how long after the publish those ACKs arrived (ledger timestamps).
        /// </summary>
        public JsonObject Acks()
        {
            var latencies = new List<double>();
            var streams = 0;
            foreach (var proxy in ledger.Proxies())
            {
                streams++;
                if (proxy.Types.TryGetValue(_watchedType, out var type) && type.LastAck is { } ack
                    && ack.Version == _lastVersion && _publishes > 0)
                {
                    latencies.Add(Math.Max(0, (ack.At - _lastPublishAt).TotalMilliseconds));
                }
            }

            var (p50, p99, max) = Percentiles.Summary(latencies);
            return new JsonObject
            {
                ["event"] = "acks",
                ["version"] = _lastVersion,
                ["streams"] = streams,
                ["acked"] = latencies.Count,
                ["p50Ms"] = p50,
                ["p99Ms"] = p99,
                ["maxMs"] = max,
            };
        }
    }
}
