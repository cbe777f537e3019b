using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace XdsControlPlane.Benchmarks.Load;

/// <summary>
/// <c>load</c> mode: spawns the server, holds N simulated proxies (one HTTP/2 connection each), measures memory per
/// idle stream, then publishes K one-endpoint changes and measures how fast every stream ACKs each, how many bytes
/// each stream receives for it, and whether the server serialized anything per client. Bounded by
/// <c>--timeout-seconds</c> (and a hard watchdog 30 s later); the child is always killed.
/// </summary>
internal sealed class LoadRunner
{
    private const double StreamsTarget = 10_000;
    private const double P99TargetMs = 2_000;
    private const double MemoryTargetBytes = 64 * 1024;

    private readonly LoadOptions _options;
    private readonly JsonObject _report;
    private readonly Lock _reportLock = new();
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private ServerProcess? _server;
    private SimulatedProxy[] _proxies = [];

    private LoadRunner(LoadOptions options)
    {
        _options = options;
        _report = new JsonObject { ["mode"] = options.Large ? "large" : "load" };
    }

    public static Task<int> RunAsync(Flags args, bool large = false) => new LoadRunner(LoadOptions.From(args, large)).RunAsync();

    private async Task<int> RunAsync()
    {
        using var global = new CancellationTokenSource(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        using var watchdog = new Timer(_ => Watchdog(), null, TimeSpan.FromSeconds(_options.TimeoutSeconds + 30), Timeout.InfiniteTimeSpan);
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            global.Cancel();
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => _server?.Kill();
        Set("options", System.Text.Json.JsonSerializer.SerializeToNode(_options));

        var exitCode = 0;
        try
        {
            await MeasureAsync(global.Token).ConfigureAwait(false);
            Set("completed", true);
        }
        catch (OperationCanceledException) when (global.IsCancellationRequested)
        {
            Log($"global timeout of {_options.TimeoutSeconds} s reached (or interrupted); reporting what was measured");
            Set("timedOut", true);
            Set("completed", false);
            Set("streamsConfiguredAtTimeout", _proxies.Count(p => p.Configured && !p.Ended));
            exitCode = 2;
        }
        catch (Exception e)
        {
            Log($"load run failed: {e}");
            Set("error", $"{e.GetType().Name}: {e.Message}");
            Set("completed", false);
            exitCode = 1;
        }
        finally
        {
            Set("elapsedSeconds", Math.Round(_elapsed.Elapsed.TotalSeconds, 1));
            PrintReport();
            if (_server is not null)
            {
                await _server.DisposeAsync().ConfigureAwait(false);
            }
        }

        return exitCode;
    }

    private async Task MeasureAsync(CancellationToken cancel)
    {
        var n = _options.Streams;
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (_options.ServerGc)
        {
            environment["DOTNET_gcServer"] = "1";
        }

        Log(_options.Large
            ? $"starting server: manifests of {_options.Services} services, {_options.EndpointsPerService} endpoints each, {_options.Routes} HTTPRoutes on Gateway {Server.ManifestConfig.Gateway}"
            : $"starting server: {_options.Services} services x 4 resources, {_options.EndpointsPerService} endpoints each");
        (_server, var listening) = await ServerProcess.StartAsync(
            ["--services", Invariant(_options.Services), "--endpoints", Invariant(_options.EndpointsPerService),
             "--routes", Invariant(_options.Routes),
             "--keepalive-seconds", Invariant(_options.KeepAliveSeconds), "--log", _options.ServerLog],
            environment, cancel).ConfigureAwait(false);
        var server = _server;
        Set("server", listening);
        var address = new Uri($"http://127.0.0.1:{listening["port"]!.GetValue<int>()}/");

        var tracker = new UpdateTracker(_options.Updates, n);
        var context = new LoadContext(address, tracker, cancel, _options.Large ? Server.ManifestConfig.Gateway : null);

        // Warm-up: one proxy through the whole handshake and away again, so JIT and first-use allocations are in the
        // baseline rather than in the per-stream figures.
        var warmup = NewProxy(0, context);
        if (!await warmup.StartAsync(_options.Attempts, TimeSpan.FromSeconds(30)).ConfigureAwait(false))
        {
            throw new InvalidOperationException($"warm-up stream failed: {warmup.Failure}");
        }

        await warmup.CloseAsync().ConfigureAwait(false);
        await WaitForServerStreamsAsync(server, 0, cancel).ConfigureAwait(false);
        var baseline = await server.CommandAsync("stats", cancel).ConfigureAwait(false);
        Set("serverBaseline", baseline);
        Log($"baseline: managed {Mb(baseline, "managedBytes")}, working set {Mb(baseline, "workingSetBytes")}, serializations {baseline["serializations"]}");

        // Ramp-up with bounded concurrency: a slot is held until the stream has ACKed all four types.
        var proxies = _proxies = new SimulatedProxy[n];
        for (var i = 0; i < n; i++)
        {
            proxies[i] = NewProxy(i, context);
        }

        Log($"ramp-up: {n} {_options.Protocol} streams, {_options.Concurrency} at a time");
        var rampClock = Stopwatch.StartNew();
        var serverCpuBeforeRamp = server.CpuTime;
        using (var progress = new Timer(_ => RampProgress(proxies, rampClock), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)))
        {
            using var slots = new SemaphoreSlim(_options.Concurrency);
            var starts = new Task[n];
            for (var i = 0; i < n; i++)
            {
                await slots.WaitAsync(cancel).ConfigureAwait(false);
                var proxy = proxies[i];
                starts[i] = Task.Run(async () =>
                {
                    try
                    {
                        await proxy.StartAsync(_options.Attempts, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, CancellationToken.None);
            }

            await Task.WhenAll(starts).WaitAsync(cancel).ConfigureAwait(false);
        }

        var rampSeconds = rampClock.Elapsed.TotalSeconds;
        var serverCpuRamp = (server.CpuTime - serverCpuBeforeRamp).TotalMilliseconds;
        var configured = proxies.Count(p => p.Configured);
        Set("streamsRequested", n);
        Set("rampSeconds", Math.Round(rampSeconds, 2));
        Set("rampStreamsPerSecond", Math.Round(configured / rampSeconds, 1));
        Set("rampServerCpuMs", Math.Round(serverCpuRamp));
        Set("connectAttemptsBeyondFirst", proxies.Sum(p => p.Attempts - 1));
        var (connectP50, connectP99, connectMax) = Percentiles.Summary(proxies.Where(p => p.ConnectToConfigured is not null)
            .Select(p => p.ConnectToConfigured!.Value.TotalMilliseconds).ToList());
        Set("connectToConfiguredMs", new JsonObject { ["p50"] = Round(connectP50), ["p99"] = Round(connectP99), ["max"] = Round(connectMax) });
        var failures = proxies.Where(p => !p.Configured).Select(p => p.Failure ?? "unknown").ToArray();
        Set("streamsFailed", failures.Length);
        if (failures.Length > 0)
        {
            Set("failureSamples", new JsonArray(failures.GroupBy(f => f).OrderByDescending(g => g.Count()).Take(5)
                .Select(g => (JsonNode)$"{g.Count()} x {g.Key}").ToArray()));
        }

        Log($"ramp-up done: {configured}/{n} configured in {rampSeconds:F1} s ({configured / rampSeconds:F0}/s), server CPU {serverCpuRamp:F0} ms");
        RecordInitialPush(proxies);

        // Idle: let late ACKs and allocations settle, then measure memory with every stream held.
        await Task.Delay(TimeSpan.FromSeconds(_options.SettleSeconds), cancel).ConfigureAwait(false);
        var held = proxies.Count(p => p.Configured && !p.Ended);
        Set("streamsHeld", held);
        var afterRamp = await server.CommandAsync("stats", cancel).ConfigureAwait(false);
        Set("serverAfterRamp", afterRamp);
        RecordMemory(baseline, afterRamp, held, "memoryPerStream");
        RecordLoadGenerator();

        // Updates: one ClusterLoadAssignment changes per publish; every held stream must ACK it.
        var updates = new JsonArray();
        Set("updates", updates);
        var allLatencies = new List<double>();
        for (var k = 0; k < _options.Updates; k++)
        {
            await Task.Delay(_options.PauseMs, cancel).ConfigureAwait(false);
            var quietWait = _options.WaitQuietSeconds > 0
                ? await WaitForQuietMachineAsync(server, TimeSpan.FromSeconds(_options.WaitQuietSeconds), cancel).ConfigureAwait(false)
                : (double?)null;
            var target = proxies.Count(p => p.Configured && !p.Ended);
            var cpuBefore = server.CpuTime;
            var loadCpuBefore = SelfCpu();
            var machineBefore = MachineCpuMs();
            var trigger = _options.Triggers[k % _options.Triggers.Length];
            tracker.Begin(k, trigger == "route" ? SimulatedProxy.Rds : SimulatedProxy.Eds);
            var reply = await server.CommandAsync(new JsonObject { ["cmd"] = "publish", ["trigger"] = trigger }.ToJsonString(), cancel).ConfigureAwait(false);
            var waited = Stopwatch.StartNew();
            for (var polls = 1; tracker.Done(k) < target && waited.Elapsed < TimeSpan.FromSeconds(_options.UpdateTimeoutSeconds); polls++)
            {
                await Task.Delay(10, cancel).ConfigureAwait(false);
                if (polls % 50 == 0)
                {
                    // A stream that died during the update cannot ACK it; stop waiting for it (it is reported as dropped).
                    var current = k;
                    target = Math.Min(target, proxies.Count(p => p.LastCountedUpdate >= current || (p.Configured && !p.Ended)));
                }
            }

            var serverCpu = (server.CpuTime - cpuBefore).TotalMilliseconds;
            var loadCpu = (SelfCpu() - loadCpuBefore).TotalMilliseconds;
            var machineAfter = MachineCpuMs();
            var softIrq = machineAfter.SoftIrqMs - machineBefore.SoftIrqMs;
            var otherCpu = Math.Max(0, machineAfter.BusyMs - machineBefore.BusyMs - softIrq - serverCpu - loadCpu);
            var serverView = await WaitForServerAcksAsync(server, tracker.Done(k), cancel).ConfigureAwait(false);
            tracker.End();
            var update = RecordUpdate(k, target, reply, serverView, serverCpu, tracker, allLatencies);
            update["loadGeneratorCpuMs"] = Math.Round(loadCpu);
            update["softIrqCpuMs"] = Math.Round(softIrq);
            update["waitedForQuietMs"] = quietWait is { } q ? Math.Round(q) : null;
            update["otherProcessesCpuMs"] = Math.Round(otherCpu);
            lock (_reportLock)
            {
                updates.Add(update);
            }

            Log($"update {k + 1}/{_options.Updates} ({trigger}): {update["acked"]}/{target} ACKed; p50 {update["p50Ms"]} ms, p99 {update["p99Ms"]} ms, max {update["maxMs"]} ms; " +
                $"{update["bytesPerStreamMean"]} B/stream; CPU server {serverCpu:F0} ms ({update["serverCpuUsPerProxy"]} us per proxy), load generator {loadCpu:F0} ms, softirq {softIrq:F0} ms, other processes {otherCpu:F0} ms; server saw {serverView["acked"]} ACKs (p99 {serverView["p99Ms"]} ms)");
        }

        var (p50, p99, max) = Percentiles.Summary(allLatencies);
        Set("overall", new JsonObject { ["acks"] = allLatencies.Count, ["p50Ms"] = Round(p50), ["p99Ms"] = Round(p99), ["maxMs"] = Round(max) });

        var afterUpdates = await server.CommandAsync("stats", cancel).ConfigureAwait(false);
        Set("serverAfterUpdates", afterUpdates);
        RecordMemory(baseline, afterUpdates, held, "memoryPerStreamAfterUpdates");
        if (_options.FinalIdleSeconds > 0)
        {
            // Kestrel keeps the pinned blocks that a burst of pushes rented; see whether an idle period returns them.
            await Task.Delay(TimeSpan.FromSeconds(_options.FinalIdleSeconds), cancel).ConfigureAwait(false);
            var afterIdle = await server.CommandAsync("stats", cancel).ConfigureAwait(false);
            Set("serverAfterIdle", afterIdle);
            RecordMemory(baseline, afterIdle, held, "memoryPerStreamAfterIdle");
        }
        var dropped = proxies.Count(p => p.Configured && p.Ended);
        Set("streamsDroppedAfterConfigured", dropped);
        RecordSerializations(baseline, afterRamp, afterUpdates, updates);
        if (_options.Large)
        {
            lock (_reportLock)
            {
                _report["targets"] = LargeTargets.Judge(_report);
            }
        }
        else
        {
            RecordTargets(held);
        }
        context.ShuttingDown = true;
    }

    private int _lastProgress = -1;

    private void RampProgress(SimulatedProxy[] proxies, Stopwatch rampClock)
    {
        var configured = proxies.Count(p => p.Configured);
        Log($"ramp: {configured}/{proxies.Length} configured, {proxies.Count(p => p.Ended && !p.Configured)} failing, {rampClock.Elapsed.TotalSeconds:F0} s");
        if (configured == _lastProgress)
        {
            // No progress for a whole interval: show where the waiting streams are stuck.
            foreach (var stuck in proxies.Where(p => !p.Configured && p.Attempts > 0).Take(3))
            {
                Log("  waiting: " + stuck.Describe());
            }

            foreach (var stage in proxies.Where(p => !p.Configured && p.Attempts > 0).GroupBy(p => p.Stage))
            {
                Log($"  {stage.Count()} waiting streams at stage '{stage.Key}'");
            }

            if (_server is { } server)
            {
                _ = Task.Run(async () => Log("  server ledger: " + (await server.CommandAsync("acks", CancellationToken.None).ConfigureAwait(false)).ToJsonString()));
            }
        }

        _lastProgress = configured;
    }

    /// <summary>
    /// Waits (at most <paramref name="limit"/>) until processes other than ours used under 10% of one core over half
    /// a second, so an update is not measured while, say, a compiler shares the two cores. Returns the time waited.
    /// </summary>
    private static async Task<double> WaitForQuietMachineAsync(ServerProcess server, TimeSpan limit, CancellationToken cancel)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < limit)
        {
            var (busy0, _) = MachineCpuMs();
            var ours0 = server.CpuTime + SelfCpu();
            await Task.Delay(500, cancel).ConfigureAwait(false);
            var (busy1, _) = MachineCpuMs();
            var others = busy1 - busy0 - (server.CpuTime + SelfCpu() - ours0).TotalMilliseconds;
            if (others < 50)
            {
                break;
            }
        }

        return waited.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// CPU time the whole machine spent busy (all processes, all cores) and, of that, in soft interrupts (where the
    /// kernel does most loopback TCP work for both of our processes), from /proc/stat; zeros where unavailable.
    /// </summary>
    private static (double BusyMs, double SoftIrqMs) MachineCpuMs()
    {
        try
        {
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
                .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            // user nice system idle iowait irq softirq steal (guest time is already in user); USER_HZ is 100 on Linux.
            var busy = fields.Take(8).Sum() - fields[3] - fields[4];
            return (busy * 10.0, fields[6] * 10.0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (0, 0);
        }
    }

    private static TimeSpan SelfCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private SimulatedProxy NewProxy(int index, LoadContext context) =>
        _options.Protocol == "delta" ? new DeltaProxy(index, context) : new SotwProxy(index, context);

    private void RecordInitialPush(SimulatedProxy[] proxies)
    {
        var configured = proxies.Where(p => p.Configured).ToArray();
        if (configured.Length == 0)
        {
            return;
        }

        var byType = new JsonObject();
        string[] names = ["CDS", "EDS", "LDS", "RDS"];
        for (var t = 0; t < 4; t++)
        {
            byType[names[t]] = new JsonObject
            {
                ["bytesPerStream"] = Round(configured.Average(p => (double)p.InitialBytes[t])),
                ["responsesPerStream"] = Round(configured.Average(p => (double)p.InitialResponses[t])),
            };
        }

        Set("initialPush", new JsonObject
        {
            ["bytesPerStream"] = Round(configured.Average(p => (double)p.InitialBytes.Sum())),
            ["edsBytesPerStream"] = Round(configured.Average(p => (double)p.InitialBytes[SimulatedProxy.Eds])),
            ["byType"] = byType,
        });
    }

    private JsonObject? RecordMemory(JsonObject baseline, JsonObject after, int held, string name)
    {
        if (held == 0)
        {
            return null;
        }

        double PerStream(string field) => (after[field]!.GetValue<long>() - baseline[field]!.GetValue<long>()) / (double)held;
        var memory = new JsonObject
        {
            ["managedBytes"] = Round(PerStream("managedBytes")),
            ["workingSetBytes"] = Round(PerStream("workingSetBytes")),
            ["privateBytes"] = Round(PerStream("privateBytes")),
            ["gcCommittedBytes"] = Round(PerStream("gcCommittedBytes")),
            ["gcLiveBytes"] = Round(PerStream("gcLiveBytes")),
        };
        Set(name, memory);
        Log($"{name}: managed {memory["managedBytes"]} B, working set {memory["workingSetBytes"]} B, private {memory["privateBytes"]} B " +
            $"(threads {after["threads"]}, streams in ledger {after["streams"]})");
        return memory;
    }

    private void RecordLoadGenerator()
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Set("loadGenerator", new JsonObject
        {
            ["workingSetBytes"] = self.WorkingSet64,
            ["managedBytes"] = GC.GetTotalMemory(forceFullCollection: false),
            ["cpuMs"] = Math.Round(self.TotalProcessorTime.TotalMilliseconds),
            ["threads"] = self.Threads.Count,
        });
    }

    private static JsonObject RecordUpdate(int k, int target, JsonObject reply, JsonObject serverView, double serverCpuMs,
        UpdateTracker tracker, List<double> allLatencies)
    {
        var latencies = tracker.LatencyMs[k].Where(l => !double.IsNaN(l)).ToList();
        allLatencies.AddRange(latencies);
        var (p50, p99, max) = Percentiles.Summary(latencies);
        var acked = Enumerable.Range(0, tracker.LatencyMs[k].Length).Where(i => !double.IsNaN(tracker.LatencyMs[k][i])).ToArray();
        var bytes = acked.Select(i => (double)tracker.Bytes[k][i]).DefaultIfEmpty(0).ToArray();
        var resources = acked.Select(i => tracker.ResourceCounts[k][i]).DefaultIfEmpty(0).ToArray();
        var expected = (reply["version"] ?? reply["edsVersion"])?.GetValue<string>();
        return new JsonObject
        {
            ["update"] = k + 1,
            ["trigger"] = reply["trigger"]?.DeepClone(),
            ["changed"] = reply["changed"]?.DeepClone(),
            ["version"] = expected,
            ["target"] = target,
            ["acked"] = acked.Length,
            ["missing"] = target - acked.Length,
            ["p50Ms"] = Round(p50),
            ["p99Ms"] = Round(p99),
            ["maxMs"] = Round(max),
            ["bytesPerStreamMean"] = Round(bytes.Average()),
            ["bytesPerStreamMin"] = bytes.Min(),
            ["bytesPerStreamMax"] = bytes.Max(),
            ["resourcesPerResponseMin"] = resources.Min(),
            ["resourcesPerResponseMax"] = resources.Max(),
            ["versionMismatches"] = acked.Count(i => tracker.Versions[k][i] != expected),
            ["otherTypeResponses"] = tracker.OtherResponses(k),
            ["extraEdsResponses"] = tracker.ExtraEdsResponses(k),
            ["serverCpuMs"] = Math.Round(serverCpuMs),
            ["serverCpuUsPerProxy"] = target == 0 ? null : Round(serverCpuMs * 1000 / target),
            ["reconciler"] = reply["reconciler"]?.DeepClone(),
            ["serverPublishMs"] = reply["publishMs"]?.DeepClone(),
            ["serializationsDuringPublish"] = reply["serializationsDuringPublish"]?.DeepClone(),
            ["serverView"] = serverView,
        };
    }

    private void RecordSerializations(JsonObject baseline, JsonObject afterRamp, JsonObject afterUpdates, JsonArray updates)
    {
        long S(JsonObject o) => o["serializations"]!.GetValue<long>();
        var publishes = updates.Count;
        var growth = S(afterUpdates) - S(afterRamp);
        Set("serializations", new JsonObject
        {
            ["baseline"] = S(baseline),
            ["afterRamp"] = S(afterRamp),
            ["afterUpdates"] = S(afterUpdates),
            ["growthDuringRamp"] = S(afterRamp) - S(baseline),
            ["growthDuringUpdates"] = growth,
            ["changedResources"] = publishes,
            ["perClient"] = growth > publishes || S(afterRamp) != S(baseline),
        });
    }

    private void RecordTargets(int held)
    {
        lock (_reportLock)
        {
            var overallP99 = _report["overall"]?["p99Ms"]?.GetValue<double>() ?? double.MaxValue;
            var allAcked = (_report["updates"] as JsonArray)?.All(u => u!["missing"]!.GetValue<int>() == 0) ?? false;
            // Idle means after ramp-up and, when measured (--final-idle-seconds), after the updates went quiet: the
            // worse of the two counts. Right after a burst is not idle and is reported, not judged.
            var memory = Worst("workingSetBytes");
            var managed = Worst("managedBytes");
            var perClient = _report["serializations"]?["perClient"]?.GetValue<bool>() ?? true;
            _report["targets"] = new JsonObject
            {
                ["streamsHeld10k"] = held >= StreamsTarget,
                ["p99Under2s"] = overallP99 <= P99TargetMs && allAcked,
                ["workingSetUnder64KiBPerStream"] = memory < MemoryTargetBytes,
                ["managedUnder64KiBPerStream"] = managed < MemoryTargetBytes,
                ["noPerClientSerialization"] = !perClient,
            };
        }

        double Worst(string figure) => new[] { "memoryPerStream", "memoryPerStreamAfterIdle" }
            .Select(key => _report[key]?[figure]?.GetValue<double>())
            .Where(value => value is not null)
            .DefaultIfEmpty(double.MaxValue)
            .Max() ?? double.MaxValue;
    }

    private static async Task WaitForServerStreamsAsync(ServerProcess server, int expected, CancellationToken cancel)
    {
        for (var i = 0; i < 100; i++)
        {
            var stats = await server.CommandAsync("acks", cancel).ConfigureAwait(false);
            if (stats["streams"]!.GetValue<int>() == expected)
            {
                return;
            }

            await Task.Delay(50, cancel).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The server's ledger view of the last publish, once it has every ACK the clients sent (or after 10 s). Asking
    /// copies every stream's ledger, which costs the server CPU while it may still be processing ACKs, so the first
    /// question waits a second and later ones come at most twice a second.
    /// </summary>
    private static async Task<JsonObject> WaitForServerAcksAsync(ServerProcess server, int clientAcks, CancellationToken cancel)
    {
        var waited = Stopwatch.StartNew();
        await Task.Delay(1000, cancel).ConfigureAwait(false);
        while (true)
        {
            var view = await server.CommandAsync("acks", cancel).ConfigureAwait(false);
            if (view["acked"]!.GetValue<int>() >= clientAcks || waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                view.Remove("event");
                return view;
            }

            await Task.Delay(500, cancel).ConfigureAwait(false);
        }
    }

    private void PrintReport()
    {
        string json;
        lock (_reportLock)
        {
            json = _report.ToJsonString();
        }

        Console.Out.WriteLine(Summary.Render(JsonNode.Parse(json)!.AsObject()));
        Console.Out.WriteLine(json);
        Console.Out.Flush();
    }

    private void Watchdog()
    {
        Log("watchdog: the run overran its timeout by 30 s; killing the server and exiting");
        Set("watchdog", true);
        try
        {
            PrintReport();
        }
        finally
        {
            _server?.Kill();
            Environment.Exit(3);
        }
    }

    private void Set(string name, JsonNode? value)
    {
        lock (_reportLock)
        {
            _report[name] = value is JsonObject or JsonArray && value.Parent is not null ? value.DeepClone() : value;
        }
    }

    private void Log(string message) =>
        Console.Error.WriteLine($"[{_elapsed.Elapsed.TotalSeconds,7:F1}s] {message}");

    private static string Mb(JsonObject stats, string field) =>
        (stats[field]!.GetValue<long>() / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) + " MiB";

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static double Round(double value) => Math.Round(value, 1);
}
