using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using XdsControlPlane.Model;
using XdsControlPlane.Reconcile;
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
        var services = flags.Int("services", 10_000, 1, 100_000);
        var endpoints = flags.Int("endpoints", 10, 1, 100);
        var runs = flags.Int("runs", 3, 1, 20);

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var model = Build(services, endpoints, changedSlice: -1);
        var modelBytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        Console.Error.WriteLine($"model: {services} services, {services} routes, {services * endpoints} endpoints, ~{modelBytes / 1048576.0:F1} MiB managed");

        var store = new SnapshotStore();
        var reconciler = new Reconciler(store, NullLogger<Reconciler>.Instance);
        var compiles = new List<double>();
        var applies = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var watch = Stopwatch.StartNew();
            var result = Compiler.Compiler.Compile(model);
            compiles.Add(watch.Elapsed.TotalMilliseconds);
            var resources = result.Profiles.Values.Sum(p => p.All().Count());

            // The host's whole path on a fresh reconciler: compile, check, serialize every resource, publish.
            var fresh = new Reconciler(new SnapshotStore(), NullLogger<Reconciler>.Instance);
            watch.Restart();
            fresh.Apply(model);
            applies.Add(watch.Elapsed.TotalMilliseconds);
            Console.Error.WriteLine($"full run {run + 1}: compile {compiles[^1]:F0} ms; compile + check + serialize + publish {applies[^1]:F0} ms ({resources} resources)");
        }

        // Memory of the published configuration: every serialized resource (bytes, pre-encoded entries, messages) and
        // the snapshots over them, for both profiles, as the reconciler keeps them.
        var beforeSnapshots = GC.GetTotalMemory(forceFullCollection: true);
        reconciler.Apply(model);
        var snapshotBytes = GC.GetTotalMemory(forceFullCollection: true) - beforeSnapshots;
        Console.Error.WriteLine($"published configuration: ~{snapshotBytes / 1048576.0:F1} MiB managed (resources, encodings and snapshots of every profile)");
        _ = model.ContentHash;

        // An endpoint change as a watch source delivers it: one EndpointSlice replaced, every other object the same
        // instance as before (informers keep unchanged objects). Timed from the source's change to the publish:
        // building the new model (sorted collections, content hash) and the reconciler's whole path.
        var changes = new List<double>();
        var current = model;
        for (var run = 0; run < runs; run++)
        {
            var watch = Stopwatch.StartNew();
            var changed = ReplaceSlice(current, run);
            _ = changed.ContentHash;
            var modelMs = watch.Elapsed.TotalMilliseconds;
            reconciler.Apply(changed);
            changes.Add(watch.Elapsed.TotalMilliseconds);
            current = changed;
            var (compileMs, resourcesMs, publishMs) = reconciler.LastTimings;
            Console.Error.WriteLine($"endpoint-only change {run + 1}: published in {changes[^1]:F1} ms (model {modelMs:F1}, compile {compileMs:F1}, check+serialize {resourcesMs:F1}, snapshots+publish {publishMs:F1})");
        }

        // The same change with every object re-created (what a full re-read of a manifest directory gives).
        var recreated = new List<double>();
        for (var run = 0; run < Math.Min(runs, 2); run++)
        {
            var rebuilt = Build(services, endpoints, changedSlice: 100 + run);
            var watch = Stopwatch.StartNew();
            reconciler.Apply(rebuilt);
            recreated.Add(watch.Elapsed.TotalMilliseconds);
            Console.Error.WriteLine($"endpoint-only change, all objects re-created {run + 1}: published in {recreated[^1]:F0} ms");
        }

        var result2 = new
        {
            mode = "compile",
            services,
            endpoints = services * endpoints,
            modelMiB = Math.Round(modelBytes / 1048576.0, 1),
            publishedConfigurationMiB = Math.Round(snapshotBytes / 1048576.0, 1),
            fullCompileMs = compiles.Select(v => Math.Round(v)).ToArray(),
            fullPipelineMs = applies.Select(v => Math.Round(v)).ToArray(),
            endpointChangeMs = changes.Select(v => Math.Round(v, 1)).ToArray(),
            endpointChangeAllObjectsRecreatedMs = recreated.Select(v => Math.Round(v)).ToArray(),
            targets = new
            {
                fullCompileUnder2s = compiles.Skip(1).DefaultIfEmpty(compiles[0]).All(c => c < 2000),
                endpointChangeUnder50ms = changes.All(c => c < 50),
            },
        };
        Console.WriteLine(JsonSerializer.Serialize(result2));
        return 0;
    }

    /// <summary>
    /// <paramref name="model"/> with the first endpoint address of slice <paramref name="index"/> changed and every other
    /// object kept as the same instance.
    /// </summary>
    private static ModelContext ReplaceSlice(ModelContext model, int index)
    {
        var slices = model.EndpointSlices.Items.ToArray();
        var slice = slices[index];
        var endpoints = slice.Endpoints.Items.ToArray();
        endpoints[0] = endpoints[0] with { Addresses = [$"10.255.{index % 256}.{(endpoints[0].Addresses[0].EndsWith(".250", StringComparison.Ordinal) ? 251 : 250)}"] };
        slices[index] = slice with { Endpoints = [.. endpoints] };
        return ModelContext.Create(model.Services, slices, model.Secrets, model.Gateways, model.Routes, model.Policies,
            model.SourceErrors, model.NamespaceLabels, model.Generation + 1, model.ReferenceGrants, model.GatewayClasses);
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

        return ModelContext.Create(svcs, slices, [], [gateway], routes, [], [], [], generation: changedSlice + 2,
            gatewayClasses: [new GatewayClassModel(new ObjectRef("GatewayClass", "", "xds"), 1, "xds.controlplane.io/gateway-controller")]);
    }
}
