using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace XdsControlPlane.Xds;

/// <summary>
/// Instruments of the delivery engine (meter <see cref="MeterName"/>). Names are the Prometheus names without the
/// <c>_total</c> suffix a counter gets on export. Recording is a counter add or a histogram record with tags on the
/// stack: nothing is allocated per push or ACK.
/// </summary>
public static class XdsMetrics
{
    /// <summary>The meter's name, for listeners.</summary>
    public const string MeterName = "XdsControlPlane.Xds";

    private static readonly Meter s_meter = new(MeterName);

    /// <summary>Streams subscribed to a type, by <c>profile</c> and <c>type</c> (LDS…SDS).</summary>
    public static readonly UpDownCounter<long> ConnectedClients = s_meter.CreateUpDownCounter<long>(
        "xds_connected_clients", description: "Connected xDS clients by profile and subscribed resource type.");

    /// <summary>Responses sent, by <c>type</c>.</summary>
    public static readonly Counter<long> Pushes = s_meter.CreateCounter<long>("xds_pushes", description: "xDS responses sent, by resource type.");

    /// <summary>ACKs received, by <c>type</c>.</summary>
    public static readonly Counter<long> Acks = s_meter.CreateCounter<long>("xds_acks", description: "xDS ACKs received, by resource type.");

    /// <summary>NACKs received, by <c>type</c>.</summary>
    public static readonly Counter<long> Nacks = s_meter.CreateCounter<long>("xds_nacks", description: "xDS NACKs received, by resource type.");

    /// <summary>Seconds from a snapshot's publish to a stream's ACK of the response it caused, by <c>type</c>.</summary>
    public static readonly Histogram<double> PushAckLatency = s_meter.CreateHistogram<double>("xds_push_ack_latency_seconds", "s",
        "Time from a snapshot's publish to the ACK of the resulting response, by resource type.");

    internal static void Connected(string profile, string shortType, long delta) =>
        ConnectedClients.Add(delta, new TagList { { "profile", profile }, { "type", shortType } });

    private static long s_pushCount;

    /// <summary>Responses sent since the process started (any type, any stream).</summary>
    internal static long PushCount => Interlocked.Read(ref s_pushCount);

    internal static void Pushed(string shortType)
    {
        Interlocked.Increment(ref s_pushCount);
        Pushes.Add(1, new KeyValuePair<string, object?>("type", shortType));
    }

    internal static void Acked(string shortType) => Acks.Add(1, new KeyValuePair<string, object?>("type", shortType));

    internal static void Nacked(string shortType) => Nacks.Add(1, new KeyValuePair<string, object?>("type", shortType));

    internal static void Latency(string shortType, TimeSpan elapsed) =>
        PushAckLatency.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("type", shortType));
}
