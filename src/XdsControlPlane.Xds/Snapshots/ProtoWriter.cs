using Google.Protobuf;

namespace XdsControlPlane.Xds.Snapshots;

/// <summary>
/// Hand-encodes the few protobuf fields the server assembles itself, so pre-encoded resources can be
/// concatenated into responses without re-serializing them (the wire format allows any field order and
/// concatenation of repeated fields).
/// </summary>
internal static class ProtoWriter
{
    /// <summary>A string field (wire type LEN); empty values are omitted as proto3 does.</summary>
    public static int StringSize(int field, string value) =>
        value.Length == 0 ? 0 : CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeStringSize(value);

    /// <summary>A length-delimited field holding already-encoded bytes.</summary>
    public static int BytesSize(int field, int length) =>
        CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeLengthSize(length) + length;

    public static void String(CodedOutputStream output, int field, string value)
    {
        if (value.Length == 0)
        {
            return;
        }

        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    public static void Bytes(CodedOutputStream output, int field, ReadOnlyMemory<byte> value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(value));
    }

    /// <summary>Encodes a length-delimited field holding <paramref name="value"/> into a new array.</summary>
    public static byte[] BytesField(int field, ReadOnlySpan<byte> value)
    {
        var bytes = new byte[BytesSize(field, value.Length)];
        var output = new CodedOutputStream(bytes);
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteLength(value.Length);
        output.Flush();
        value.CopyTo(bytes.AsSpan(bytes.Length - value.Length));
        return bytes;
    }

    /// <summary>Encodes a <c>google.protobuf.Any</c> holding already-serialized <paramref name="value"/>.</summary>
    public static byte[] Any(string typeUrl, ReadOnlyMemory<byte> value)
    {
        var bytes = new byte[StringSize(1, typeUrl) + BytesSize(2, value.Length)];
        var output = new CodedOutputStream(bytes);
        String(output, 1, typeUrl);
        Bytes(output, 2, value);
        output.Flush();
        return bytes;
    }
}
