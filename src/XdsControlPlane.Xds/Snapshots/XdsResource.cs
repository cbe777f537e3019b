using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using TlsSecret = Envoy.Extensions.TransportSockets.Tls.V3.Secret;

namespace XdsControlPlane.Xds.Snapshots;

/// <summary>
/// One xDS resource, serialized and hashed exactly once when it is created. Its version is the hash of its
/// bytes. The encoded forms the protocol needs (the <c>Any</c> entry of a SotW response, the <c>Resource</c>
/// entry of a delta response) are built here too, so responses to any number of clients only copy bytes.
/// </summary>
public sealed class XdsResource
{
    private static long s_serializations;
    private byte[]? _sotwWrappedEntry;

    private XdsResource(string typeUrl, string name, IMessage message, byte[] bytes, TimeSpan? ttl)
    {
        TypeUrl = typeUrl;
        Name = name;
        Message = message;
        Bytes = bytes;
        Version = ContentHash.Of(bytes);
        Ttl = ttl;
        var any = ProtoWriter.Any(typeUrl, bytes);
        SotwEntry = ProtoWriter.BytesField(2, any);
        DeltaEntry = ProtoWriter.BytesField(2, EncodeResource(name, Version, any, ttl));
    }

    /// <summary>Number of resource serializations since the process started (for benchmarks and tests of P28).</summary>
    public static long Serializations => Interlocked.Read(ref s_serializations);

    /// <summary>Type URL, e.g. <see cref="TypeUrls.Cluster"/>.</summary>
    public string TypeUrl { get; }

    /// <summary>Resource name; opaque (xdstp:// names are kept as they are).</summary>
    public string Name { get; }

    /// <summary>Content hash of <see cref="Bytes"/>.</summary>
    public string Version { get; }

    /// <summary>Optional time to live; the server then sends heartbeats (P26).</summary>
    public TimeSpan? Ttl { get; }

    /// <summary>The message. Never mutate it: its bytes were fixed at creation.</summary>
    public IMessage Message { get; }

    /// <summary>The serialized message.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary><c>DiscoveryResponse.resources</c> entry (field 2, an Any).</summary>
    internal ReadOnlyMemory<byte> SotwEntry { get; }

    /// <summary><c>DeltaDiscoveryResponse.resources</c> entry (field 2, a Resource with name, version, body, ttl).</summary>
    internal ReadOnlyMemory<byte> DeltaEntry { get; }

    /// <summary>
    /// <c>DiscoveryResponse.resources</c> entry holding the resource wrapped in a <c>Resource</c> (with its TTL),
    /// for clients that announce they can unwrap it. Built on first use.
    /// </summary>
    internal ReadOnlyMemory<byte> SotwWrappedEntry => _sotwWrappedEntry ??= ProtoWriter.BytesField(2,
        ProtoWriter.Any(TypeUrls.Resource, EncodeResource(Name, Version, ProtoWriter.Any(TypeUrl, Bytes), Ttl)));

    /// <summary>Serializes <paramref name="message"/> once and names it after its type's name field.</summary>
    public static XdsResource Create(IMessage message, TimeSpan? ttl = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var (typeUrl, name) = KeyOf(message);
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"{message.Descriptor.FullName} has no name", nameof(message));
        }

        Interlocked.Increment(ref s_serializations);
        return new XdsResource(typeUrl, name, message, message.ToByteArray(), ttl);
    }

    /// <summary>The type URL and name of a resource message.</summary>
    public static (string TypeUrl, string Name) KeyOf(IMessage message) => message switch
    {
        Listener l => (TypeUrls.Listener, l.Name),
        RouteConfiguration r => (TypeUrls.RouteConfiguration, r.Name),
        Cluster c => (TypeUrls.Cluster, c.Name),
        ClusterLoadAssignment e => (TypeUrls.ClusterLoadAssignment, e.ClusterName),
        TlsSecret s => (TypeUrls.Secret, s.Name),
        _ => throw new ArgumentException($"{message.Descriptor.FullName} is not an xDS resource type this server serves", nameof(message)),
    };

    /// <summary>A <c>Resource</c> without a body: the heartbeat form (P26).</summary>
    internal byte[] HeartbeatResource() => EncodeResource(Name, Version, null, Ttl);

    internal static byte[] EncodeResource(string name, string version, byte[]? any, TimeSpan? ttl)
    {
        byte[]? ttlBytes = ttl is { } t ? Duration.FromTimeSpan(t).ToByteArray() : null;
        var size = ProtoWriter.StringSize(3, name) + ProtoWriter.StringSize(1, version)
            + (any is null ? 0 : ProtoWriter.BytesSize(2, any.Length))
            + (ttlBytes is null ? 0 : ProtoWriter.BytesSize(6, ttlBytes.Length));
        var bytes = new byte[size];
        var output = new CodedOutputStream(bytes);
        ProtoWriter.String(output, 1, version);
        if (any is not null)
        {
            ProtoWriter.Bytes(output, 2, any);
        }

        ProtoWriter.String(output, 3, name);
        if (ttlBytes is not null)
        {
            ProtoWriter.Bytes(output, 6, ttlBytes);
        }

        output.Flush();
        return bytes;
    }
}
