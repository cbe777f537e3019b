using System.Text;

namespace XdsControlPlane.Benchmarks.Load;

/// <summary>
/// Walks the top-level fields of an encoded protobuf message without building it. The load generator shares two
/// cores with the server, so simulated proxies read only the fields they act on (version, nonce, type, names) and
/// leave the resource bodies alone; every byte is still received and counted.
/// </summary>
internal ref struct WireScanner(ReadOnlySpan<byte> buffer)
{
    private readonly ReadOnlySpan<byte> _buffer = buffer;
    private int _position;

    /// <summary>Field number of the current field.</summary>
    public int Field { get; private set; }

    /// <summary>Wire type of the current field.</summary>
    public int WireType { get; private set; }

    /// <summary>Moves to the next field; false at the end.</summary>
    public bool Next()
    {
        if (_position >= _buffer.Length)
        {
            return false;
        }

        var tag = ReadVarint();
        Field = (int)(tag >> 3);
        WireType = (int)(tag & 7);
        if (Field == 0)
        {
            throw new FormatException("field number 0 in a protobuf message");
        }

        return true;
    }

    /// <summary>The current length-delimited field's bytes.</summary>
    public ReadOnlySpan<byte> Bytes()
    {
        var (offset, length) = BytesRange();
        return _buffer.Slice(offset, length);
    }

    /// <summary>Where the current length-delimited field's bytes lie in the scanned buffer.</summary>
    public (int Offset, int Length) BytesRange()
    {
        if (WireType != 2)
        {
            throw new FormatException($"field {Field} has wire type {WireType}, not length-delimited");
        }

        var length = checked((int)ReadVarint());
        var offset = _position;
        _position += length;
        return (offset, length);
    }

    /// <summary>The current field as a UTF-8 string.</summary>
    public string String() => Encoding.UTF8.GetString(Bytes());

    /// <summary>Skips the current field.</summary>
    public void Skip()
    {
        switch (WireType)
        {
            case 0:
                ReadVarint();
                break;
            case 1:
                _position += 8;
                break;
            case 2:
                Bytes();
                break;
            case 5:
                _position += 4;
                break;
            default:
                throw new FormatException($"unsupported wire type {WireType}");
        }
    }

    /// <summary>The first occurrence of string field <paramref name="field"/> in <paramref name="message"/>, or empty.</summary>
    public static string FindString(ReadOnlySpan<byte> message, int field)
    {
        var scanner = new WireScanner(message);
        while (scanner.Next())
        {
            if (scanner.Field == field && scanner.WireType == 2)
            {
                return scanner.String();
            }

            scanner.Skip();
        }

        return string.Empty;
    }

    /// <summary>The first occurrence of bytes field <paramref name="field"/> in <paramref name="message"/>, or empty.</summary>
    public static ReadOnlySpan<byte> FindBytes(ReadOnlySpan<byte> message, int field)
    {
        var scanner = new WireScanner(message);
        while (scanner.Next())
        {
            if (scanner.Field == field && scanner.WireType == 2)
            {
                return scanner.Bytes();
            }

            scanner.Skip();
        }

        return [];
    }

    private ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = _buffer[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new FormatException("malformed varint");
    }
}
