using Google.Protobuf;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Protocol;

/// <summary>
/// Assembles DiscoveryResponse and DeltaDiscoveryResponse messages from a small per-response header and the
/// resources' pre-encoded entries, which are shared by every client of a profile (P28).
/// </summary>
internal static class ResponseEncoder
{
    /// <summary><c>DiscoveryResponse</c>: version_info = 1, resources = 2, type_url = 4, nonce = 5.</summary>
    public static OutgoingMessage Sotw(string version, string typeUrl, string nonce, IReadOnlyList<ReadOnlyMemory<byte>> entries)
    {
        var header = new byte[ProtoWriter.StringSize(1, version) + ProtoWriter.StringSize(4, typeUrl) + ProtoWriter.StringSize(5, nonce)];
        var output = new CodedOutputStream(header);
        ProtoWriter.String(output, 1, version);
        ProtoWriter.String(output, 4, typeUrl);
        ProtoWriter.String(output, 5, nonce);
        output.Flush();
        return new OutgoingMessage(Prepend(header, entries));
    }

    /// <summary>
    /// <c>DeltaDiscoveryResponse</c>: system_version_info = 1, resources = 2, type_url = 4, nonce = 5,
    /// removed_resources = 6.
    /// </summary>
    public static OutgoingMessage Delta(string systemVersion, string typeUrl, string nonce, IReadOnlyList<ReadOnlyMemory<byte>> entries, IReadOnlyList<string> removed)
    {
        var size = ProtoWriter.StringSize(1, systemVersion) + ProtoWriter.StringSize(4, typeUrl) + ProtoWriter.StringSize(5, nonce);
        foreach (var name in removed)
        {
            size += CodedOutputStream.ComputeTagSize(6) + CodedOutputStream.ComputeStringSize(name);
        }

        var header = new byte[size];
        var output = new CodedOutputStream(header);
        ProtoWriter.String(output, 1, systemVersion);
        ProtoWriter.String(output, 4, typeUrl);
        ProtoWriter.String(output, 5, nonce);
        foreach (var name in removed)
        {
            // Written even when empty: an empty name is still a removal the client must see.
            output.WriteTag(6, WireFormat.WireType.LengthDelimited);
            output.WriteString(name);
        }

        output.Flush();
        return new OutgoingMessage(Prepend(header, entries));
    }

    private static ReadOnlyMemory<byte>[] Prepend(byte[] header, IReadOnlyList<ReadOnlyMemory<byte>> entries)
    {
        var segments = new ReadOnlyMemory<byte>[entries.Count + 1];
        segments[0] = header;
        for (var i = 0; i < entries.Count; i++)
        {
            segments[i + 1] = entries[i];
        }

        return segments;
    }
}
