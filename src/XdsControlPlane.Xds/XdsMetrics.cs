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

    private static readonly ProfileLabels s_profiles = new();
    private static readonly Lock s_connectedLock = new();
    private static readonly Dictionary<(string Profile, string Type), long> s_connected = [];

    /// <summary>
    /// Streams subscribed to a type, by <c>profile</c> and <c>type</c> (LDS…SDS). Observed at collection from the live
    /// streams, so a profile's series leave when its last client does; profile values are bounded by
    /// <see cref="ProfileLabels"/> (cut after 128 characters, at most <see cref="ProfileLabelCap"/> live values, the
    /// rest under <c>(other)</c>).
    /// </summary>
    public static readonly ObservableGauge<long> ConnectedClients = s_meter.CreateObservableGauge(
        "xds_connected_clients", ObserveConnected, description: "Connected xDS clients by profile and subscribed resource type.");

    /// <summary>Most distinct <c>profile</c> label values at once (default 500); further profiles count under <c>(other)</c>.</summary>
    public static int ProfileLabelCap
    {
        get => s_profiles.Cap;
        set => s_profiles.Cap = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "the cap must be positive");
    }

    /// <summary>Live <c>profile</c> label values (for tests and diagnostics).</summary>
    public static int ProfileLabelCount => s_profiles.Count;

    /// <summary>Responses sent, by <c>type</c>.</summary>
    public static readonly Counter<long> Pushes = s_meter.CreateCounter<long>("xds_pushes", description: "xDS responses sent, by resource type.");

    /// <summary>ACKs received, by <c>type</c>.</summary>
    public static readonly Counter<long> Acks = s_meter.CreateCounter<long>("xds_acks", description: "xDS ACKs received, by resource type.");

    /// <summary>NACKs received, by <c>type</c>.</summary>
    public static readonly Counter<long> Nacks = s_meter.CreateCounter<long>("xds_nacks", description: "xDS NACKs received, by resource type.");

    /// <summary>Seconds from a snapshot's publish to a stream's ACK of the response it caused, by <c>type</c>.</summary>
    public static readonly Histogram<double> PushAckLatency = s_meter.CreateHistogram<double>("xds_push_ack_latency_seconds", "s",
        "Time from a snapshot's publish to the ACK of the resulting response, by resource type.");

    /// <summary>
    /// Calls ended with PERMISSION_DENIED, by <c>reason</c>: <c>identity</c> (no usable client identity),
    /// <c>profile</c> (a profile the identity may not act as), <c>private-key</c> (a secret it may not receive),
    /// <c>fleet</c> (CSDS without the right to read the fleet).
    /// </summary>
    public static readonly Counter<long> Denials = s_meter.CreateCounter<long>("xds_authorization_denials",
        description: "xDS and CSDS calls refused with PERMISSION_DENIED, by reason.");

    /// <summary>
    /// TLS handshakes refused for the client certificate, by <c>reason</c>: <c>missing</c>, <c>usage</c> (its extended
    /// key usage lacks clientAuth), <c>untrusted</c> (not of the client CA, or not valid now).
    /// </summary>
    public static readonly Counter<long> ClientCertificateRejections = s_meter.CreateCounter<long>("xds_tls_client_certificate_rejections",
        description: "mutual TLS handshakes refused for the client certificate, by reason.");

    /// <summary>Changes of the TLS files seen, by <c>result</c>: <c>ok</c> (taken for new connections) or <c>error</c> (previous kept).</summary>
    public static readonly Counter<long> TlsReloads = s_meter.CreateCounter<long>("xds_tls_reloads",
        description: "Changed TLS certificate, key or client CA files read, by result (ok, error: the previous ones stay).");

    internal static void ClientCertificateRefused(string reason) => ClientCertificateRejections.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal static void TlsReloaded(string result) => TlsReloads.Add(1, new KeyValuePair<string, object?>("result", result));

    internal static void Denied(string reason) => Denials.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal static void Connected(string profile, string shortType, long delta)
    {
        lock (s_connectedLock)
        {
            // One label reference per (stream, type) subscription: taken on subscribe, dropped on leave.
            var label = delta > 0 ? s_profiles.Acquire(profile) : s_profiles.Release(profile);
            var key = (label, shortType);
            var count = s_connected.GetValueOrDefault(key) + delta;
            if (count > 0)
            {
                s_connected[key] = count;
            }
            else
            {
                s_connected.Remove(key);
            }
        }
    }

    private static IEnumerable<Measurement<long>> ObserveConnected()
    {
        lock (s_connectedLock)
        {
            return [.. s_connected.Select(p => new Measurement<long>(p.Value,
                new KeyValuePair<string, object?>("profile", p.Key.Profile), new KeyValuePair<string, object?>("type", p.Key.Type)))];
        }
    }

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
