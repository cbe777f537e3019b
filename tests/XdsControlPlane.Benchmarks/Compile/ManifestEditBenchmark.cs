using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using XdsControlPlane.Model;
using XdsControlPlane.Reconcile;
using XdsControlPlane.Sources.Manifests;
using XdsControlPlane.Testing;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Benchmarks.Compile;

/// <summary>
/// <c>manifest</c> mode: the <c>compile</c> mode's model written as a manifest directory (per service one file with
/// the Service and its HTTPRoute, one with its EndpointSlice), served by the real <see cref="ManifestDirectorySource"/>
/// into the host's composer and reconciler. Each run edits one EndpointSlice file and times the reload and the publish.
/// The debounce quiet period runs on a manual clock, so it is not in the figures (it adds 100 ms by default); the
/// watcher is real, so the time from the write to its event is.
/// </summary>
internal static class ManifestEditBenchmark
{
    public static async Task<int> RunAsync(Flags flags)
    {
        var services = flags.Int("services", 10_000, 1, 100_000);
        var endpoints = flags.Int("endpoints", 10, 1, 100);
        var runs = flags.Int("runs", 5, 1, 50);
        var directory = Path.Combine(Path.GetTempPath(), $"xds-manifest-bench-{Environment.ProcessId}");
        try
        {
            var watch = Stopwatch.StartNew();
            Write(directory, services, endpoints);
            Console.Error.WriteLine($"wrote {services * 2 + 1} files in {watch.ElapsedMilliseconds} ms");

            var clock = new ManualClock();
            var quiet = TimeSpan.FromMilliseconds(100);
            await using var source = new ManifestDirectorySource(new ManifestDirectoryOptions { Directory = directory, QuietPeriod = quiet }, clock);
            var reconciler = new Reconciler(new SnapshotStore(), NullLogger<Reconciler>.Instance);
            var composer = new ModelComposer(reconciler, NullLogger<ModelComposer>.Instance);
            var endpointOnly = false;
            reconciler.Applied += (_, result, _) => endpointOnly = result.RebuiltAssignments is not null;
            source.Changed += (_, model) => composer.SetBase(model);

            watch.Restart();
            composer.SetBase(await source.StartAsync());
            Console.Error.WriteLine($"initial load and full publish: {watch.ElapsedMilliseconds} ms, {source.Current.Services.Count} services, {source.Current.EndpointSlices.Count} slices, {source.Current.SourceErrors.Count} errors");

            // A reload with nothing changed: what every reload costs at least.
            var published = false;
            source.Reloaded += p => published = p;
            var idle = new List<double>();
            for (var i = 0; i < 2; i++)
            {
                watch.Restart();
                source.SignalChange();
                clock.Advance(quiet);
                idle.Add(watch.Elapsed.TotalMilliseconds);
                Console.Error.WriteLine($"reload with nothing changed {i + 1}: {idle[^1]:F1} ms (published: {published})");
            }

            // An edit as the watcher reports it (the reload checks that one file), then one with every file checked.
            var edits = new List<double>();
            var scanned = new List<double>();
            for (var run = 0; run < runs * 2; run++)
            {
                // A write raises several events; let the previous run's stragglers reload (nothing changed) untimed.
                await Task.Delay(200);
                clock.Advance(quiet);
                var generation = reconciler.Model!.Generation;
                var path = SlicePath(directory, run);
                var signaled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                void OnSignaled() => signaled.TrySetResult();
                source.ChangeSignaled += OnSignaled;
                watch.Restart();
                File.WriteAllText(path, Slice(run, endpoints, moved: true));
                if (run < runs)
                {
                    await signaled.Task.WaitAsync(TimeSpan.FromSeconds(10));
                }
                else
                {
                    source.SignalChange();
                }

                source.ChangeSignaled -= OnSignaled;
                clock.Advance(quiet);

                // A late event of the previous write can still come first (and re-arm the debouncer while the manual
                // clock moves): then wait for this write's own event, as a real clock would.
                for (var tries = 0; reconciler.Model!.Generation == generation && tries < 1000; tries++)
                {
                    await Task.Delay(1);
                    clock.Advance(quiet);
                }

                (run < runs ? edits : scanned).Add(watch.Elapsed.TotalMilliseconds);
                var (compileMs, resourcesMs, publishMs) = reconciler.LastTimings;
                var fast = reconciler.Model!.Generation > generation && endpointOnly;
                Console.Error.WriteLine($"endpoint edit {run + 1} ({(run < runs ? "watcher event" : "every file checked")}): written, reloaded and published in {(run < runs ? edits : scanned)[^1]:F1} ms " +
                    $"(compile {compileMs:F1}, check+serialize {resourcesMs:F1}, snapshots+publish {publishMs:F1}; endpoint-only path: {fast}; files parsed so far {source.FilesParsed})");
            }

            Console.WriteLine(JsonSerializer.Serialize(new
            {
                mode = "manifest",
                services,
                endpoints = services * endpoints,
                files = services * 2 + 1,
                reloadUnchangedMs = idle.Select(v => Math.Round(v, 1)).ToArray(),
                endpointEditMs = edits.Select(v => Math.Round(v, 1)).ToArray(),
                endpointEditEveryFileCheckedMs = scanned.Select(v => Math.Round(v, 1)).ToArray(),
            }));
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string SlicePath(string directory, int i) => Path.Combine(directory, "endpoints", $"s{i}-a.yaml");

    private static void Write(string directory, int services, int endpoints)
    {
        Directory.CreateDirectory(Path.Combine(directory, "services"));
        Directory.CreateDirectory(Path.Combine(directory, "endpoints"));
        File.WriteAllText(Path.Combine(directory, "gateway.yaml"), """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata: {name: xds}
            spec: {controllerName: xds.controlplane.io/gateway-controller}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: gw, namespace: default}
            spec:
              gatewayClassName: xds
              listeners:
              - {name: web, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}}
            """);
        for (var i = 0; i < services; i++)
        {
            File.WriteAllText(Path.Combine(directory, "services", $"s{i}.yaml"), $$"""
                apiVersion: v1
                kind: Service
                metadata: {name: s{{i}}, namespace: default}
                spec:
                  ports:
                  - {name: http, port: 80, targetPort: 8080}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: r{{i}}, namespace: default}
                spec:
                  parentRefs:
                  - {name: gw}
                  - {group: "", kind: Service, name: s{{i}}}
                  hostnames: [h{{i}}.example.com]
                  rules:
                  - matches:
                    - path: {type: PathPrefix, value: /p{{i}}}
                    backendRefs:
                    - {name: s{{i}}, port: 80}
                """);
            File.WriteAllText(SlicePath(directory, i), Slice(i, endpoints, moved: false));
        }
    }

    private static string Slice(int i, int endpoints, bool moved) => $$"""
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: s{{i}}-a
          namespace: default
          labels: {kubernetes.io/service-name: s{{i}}}
        addressType: IPv4
        ports:
        - {name: http, port: 8080, protocol: TCP}
        endpoints:
        {{string.Join("\n", Enumerable.Range(0, endpoints).Select(j =>
            $"- {{addresses: [10.{i / 256 % 256}.{i % 256}.{(moved && j == 0 ? 250 : j + 1)}], conditions: {{ready: true}}, zone: z{j % 3}}}"))}}
        """;
}
