using System.Diagnostics;
using System.Text.Json;
using XdsControlPlane.Model;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Benchmarks.Compile;

/// <summary>
/// <c>compile</c> mode: a model of N services (each with one EndpointSlice of E endpoints, one HTTPRoute on a shared
/// Gateway and the Service as a mesh parent), measured through the pipeline the host runs: compile, serialize each
/// resource once into per-profile snapshots, publish. Then an endpoint-only change through the same path.
/// </summary>
internal static class CompileBenchmark
{
    public static int Run(Flags flags)
    {
        var services = flags.Int("--services", 10_000, 1, 100_000);
        var endpoints = flags.Int("--endpoints", 10, 1, 100);
        var runs = flags.Int("--runs", 3, 1, 20);

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var model = Build(services, endpoints, changedSlice: -1);
        var modelBytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        Console.Error.WriteLine($"model: {services} services, {services} routes, {services * endpoints} endpoints, ~{modelBytes / 1048576.0:F1} MiB managed");

        var store = new SnapshotStore();
        var full = new List<(double Compile, double Snapshot, double Publish)>();
        for (var run = 0; run < runs; run++)
        {
            full.Add(Pipeline(model, store, out var resources));
            Console.Error.WriteLine($"full run {run + 1}: compile {full[^1].Compile:F0} ms, serialize+snapshot {full[^1].Snapshot:F0} ms, publish {full[^1].Publish:F0} ms ({resources} resources)");
        }

        var snapshotBefore = GC.GetTotalMemory(forceFullCollection: true);
        var snapshots = store.Profiles.Select(store.Get).ToArray();
        var snapshotBytes = GC.GetTotalMemory(forceFullCollection: true) - snapshotBefore;
        GC.KeepAlive(snapshots);

        var changes = new List<(double Compile, double Snapshot, double Publish)>();
        for (var run = 0; run < runs; run++)
        {
            var changed = Build(services, endpoints, changedSlice: run);
            changes.Add(Pipeline(changed, store, out _));
            Console.Error.WriteLine($"endpoint-only change {run + 1}: compile {changes[^1].Compile:F0} ms, serialize+snapshot {changes[^1].Snapshot:F0} ms, publish {changes[^1].Publish:F0} ms");
        }

        var result = new
        {
            mode = "compile",
            services,
            endpoints = services * endpoints,
            modelMiB = Math.Round(modelBytes / 1048576.0, 1),
            fullCompileMs = full.Select(f => Math.Round(f.Compile)).ToArray(),
            fullSnapshotMs = full.Select(f => Math.Round(f.Snapshot)).ToArray(),
            fullPublishMs = full.Select(f => Math.Round(f.Publish)).ToArray(),
            endpointChangeTotalMs = changes.Select(c => Math.Round(c.Compile + c.Snapshot + c.Publish)).ToArray(),
            targets = new
            {
                fullCompileUnder2s = full.Skip(1).DefaultIfEmpty(full[0]).All(f => f.Compile < 2000),
                endpointChangeUnder50ms = changes.All(c => c.Compile + c.Snapshot + c.Publish < 50),
            },
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        GC.KeepAlive(snapshotBytes);
        return 0;
    }

    private static (double Compile, double Snapshot, double Publish) Pipeline(ModelContext model, SnapshotStore store, out int resources)
    {
        var watch = Stopwatch.StartNew();
        var result = Compiler.Compiler.Compile(model);
        var compile = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var snapshots = result.Profiles.ToDictionary(p => p.Key, p => Snapshot.Create(p.Value.All().Select(m => XdsResource.Create(m)), model.Generation));
        var snapshot = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        foreach (var (name, value) in snapshots)
        {
            store.Publish(name, value);
        }

        resources = snapshots.Values.Sum(s => s.Sets.Sum(set => set.Count));
        return (compile, snapshot, watch.Elapsed.TotalMilliseconds);
    }

    /// <summary>The synthetic model; <paramref name="changedSlice"/> gets one endpoint address changed (−1: none).</summary>
    private static ModelContext Build(int services, int endpoints, int changedSlice)
    {
        var gateway = new GatewayModel(new ObjectRef("Gateway", "default", "gw"), 1, "xds",
            [new GatewayListener("web", null, 80, "HTTP", [], "Same", [], [])]);
        var svcs = new List<ServiceModel>(services);
        var slices = new List<EndpointSliceModel>(services);
        var routes = new List<HttpRouteModel>(services);
        for (var i = 0; i < services; i++)
        {
            var name = $"s{i}";
            svcs.Add(new ServiceModel(new ObjectRef("Service", "default", name), [new ServicePort("http", 80, 8080, "TCP", null)]));
            var addresses = Enumerable.Range(0, endpoints)
                .Select(j => new EndpointModel([$"10.{i / 256 % 256}.{i % 256}.{(i == changedSlice && j == 0 ? 250 : j + 1)}"], true, true, false, $"z{j % 3}"))
                .ToArray();
            slices.Add(new EndpointSliceModel(new ObjectRef("EndpointSlice", "default", $"{name}-a"), name, "IPv4", addresses, [new EndpointPort("http", 8080, "TCP")]));
            routes.Add(new HttpRouteModel(new ObjectRef("HTTPRoute", "default", $"r{i}"), 1, null,
                [new ParentRef("Gateway", "default", "gw", null, null), new ParentRef("Service", "default", name, null, null)],
                [$"h{i}.example.com"],
                [new RouteRule(null, [new RouteMatch(new PathMatch("PathPrefix", $"/p{i}"), [], [], null, null)], [],
                    [new BackendRef("Service", "default", name, 80, 1)], null, null)]));
        }

        return ModelContext.Create(svcs, slices, [], [gateway], routes, [], [], [], generation: changedSlice + 2);
    }
}
