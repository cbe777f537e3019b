using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using XdsControlPlane.Benchmarks.Server;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Benchmarks.Micro;

/// <summary><c>micro</c> mode: BenchmarkDotNet, in process (no generated project to build), short runs.</summary>
internal static class MicroRunner
{
    public static int Run(string[] args)
    {
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var summaries = BenchmarkSwitcher.FromTypes([typeof(SnapshotBenchmarks), typeof(EncodingBenchmarks), typeof(WatchBenchmarks)])
            .Run(args.Length == 0 ? ["--filter", "*"] : args, config);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}

/// <summary>Building a snapshot of 10,000 resources (2,500 services x cluster, endpoints, route, listener).</summary>
[MemoryDiagnoser]
public class SnapshotBenchmarks
{
    private XdsResource[] _resources = [];
    private Google.Protobuf.IMessage[] _messages = [];

    /// <summary>Serializes the resources once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var config = new SyntheticConfig(2500, 3);
        var snapshot = config.Build();
        _resources = snapshot.Sets.SelectMany(s => s.Items).ToArray();
        _messages = _resources.Select(r => r.Message).ToArray();
    }

    /// <summary>What a publish costs when every resource is already serialized (only changed ones would be new).</summary>
    [Benchmark(Baseline = true)]
    public Snapshot CreateFromSerializedResources() => Snapshot.Create(_resources);

    /// <summary>The same, serializing all 10,000 messages first (a cold build).</summary>
    [Benchmark]
    public Snapshot CreateSerializingEveryMessage() => Snapshot.Create(_messages);

    /// <summary>The consistency check a publish runs before the snapshot becomes current (P25).</summary>
    [Benchmark]
    public int ConsistencyCheck() => SnapshotConsistency.Check(Snapshot.Create(_resources)).Count;
}

/// <summary>
/// One SotW EDS response of 50 ClusterLoadAssignments: assembled from the shared pre-encoded entries (what the server
/// does per client) versus building and serializing a DiscoveryResponse per client (what it must not do).
/// </summary>
[MemoryDiagnoser]
public class EncodingBenchmarks
{
    private ResourceSet _set = null!;
    private ReadOnlyMemory<byte>[] _entries = [];
    private byte[] _wire = [];

    /// <summary>Builds the 50-service snapshot.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _set = new SyntheticConfig(50, 3).Build()[TypeUrls.ClusterLoadAssignment];
        _entries = _set.Items.Select(r => r.SotwEntry).ToArray();
        _wire = new byte[ResponseEncoder.Sotw(_set.Version, _set.TypeUrl, "12345", _entries).Length + 64];
    }

    /// <summary>Header plus shared entries, copied into a wire buffer as the transport does.</summary>
    [Benchmark(Baseline = true)]
    public int SharedEntries()
    {
        var message = ResponseEncoder.Sotw(_set.Version, _set.TypeUrl, "12345", _entries);
        var offset = 0;
        foreach (var segment in message.Segments)
        {
            segment.Span.CopyTo(_wire.AsSpan(offset));
            offset += segment.Length;
        }

        return offset;
    }

    /// <summary>A DiscoveryResponse built and serialized for the client (Any-packing every resource).</summary>
    [Benchmark]
    public int SerializePerClient()
    {
        var response = new DiscoveryResponse { VersionInfo = _set.Version, TypeUrl = _set.TypeUrl, Nonce = "12345" };
        foreach (var resource in _set.Items)
        {
            response.Resources.Add(Any.Pack(resource.Message));
        }

        return response.ToByteArray().Length;
    }
}

/// <summary>
/// Subscribing N streams to one profile's snapshot changes, then unsubscribing them: the cost of
/// <see cref="SnapshotStore.Watch"/> as streams connect and leave.
/// </summary>
[MemoryDiagnoser]
public class WatchBenchmarks
{
    /// <summary>Number of streams.</summary>
    [Params(1_000, 10_000)]
    public int Streams { get; set; }

    /// <summary>Every stream watches, then every stream leaves.</summary>
    [Benchmark]
    public int WatchThenDispose()
    {
        var store = new SnapshotStore();
        var subscriptions = new IDisposable[Streams];
        for (var i = 0; i < subscriptions.Length; i++)
        {
            subscriptions[i] = store.Watch(SnapshotStore.DefaultProfile, static () => { });
        }

        foreach (var subscription in subscriptions)
        {
            subscription.Dispose();
        }

        return subscriptions.Length;
    }
}
