using Google.Protobuf;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// The HTTP filters (name, typed_config type URL) of a packed HttpConnectionManager, read straight from its bytes
/// without parsing the rest: every listener is checked on every compilation, and a full parse of each connection
/// manager would cost more than every other acceptance rule together.
/// </summary>
internal static class HttpFilterScan
{
    private const int HcmHttpFilters = 5;
    private const int FilterName = 1;
    private const int FilterTypedConfig = 4;
    private const int AnyTypeUrl = 1;

    /// <summary>(name, type URL or empty) of each HTTP filter in order; null when the bytes do not parse.</summary>
    public static List<(string Name, string TypeUrl)>? Filters(ByteString hcm)
    {
        var filters = new List<(string, string)>(4);
        var reader = new Reader(hcm.Span);
        while (reader.Next(out var field, out var delimited, out var filter))
        {
            if (field == HcmHttpFilters && delimited)
            {
                var (name, typeUrl) = (string.Empty, string.Empty);
                var inner = new Reader(filter);
                while (inner.Next(out var f, out var fd, out var v))
                {
                    if (f == FilterName && fd)
                    {
                        name = System.Text.Encoding.UTF8.GetString(v);
                    }
                    else if (f == FilterTypedConfig && fd)
                    {
                        var anyReader = new Reader(v);
                        while (anyReader.Next(out var af, out var ad, out var url))
                        {
                            if (af == AnyTypeUrl && ad)
                            {
                                typeUrl = System.Text.Encoding.UTF8.GetString(url);
                            }
                        }

                        if (anyReader.Failed)
                        {
                            return null;
                        }
                    }
                }

                if (inner.Failed)
                {
                    return null;
                }

                filters.Add((name, typeUrl));
            }
        }

        return reader.Failed ? null : filters;
    }

    /// <summary>A protobuf wire-format walk: each field's number and, for length-delimited ones, its bytes.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private ReadOnlySpan<byte> _data = data;

        public bool Failed { get; private set; }

        public bool Next(out int field, out bool delimited, out ReadOnlySpan<byte> value)
        {
            field = 0;
            delimited = false;
            value = default;
            if (_data.IsEmpty || Failed || !Varint(out var tag))
            {
                return false;
            }

            field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    return Varint(out _) || Fail();
                case 1:
                    return Skip(8);
                case 2:
                    if (!Varint(out var length) || length > (ulong)_data.Length)
                    {
                        return Fail();
                    }

                    value = _data[..(int)length];
                    _data = _data[(int)length..];
                    delimited = true;
                    return true;
                case 5:
                    return Skip(4);
                default:
                    return Fail();
            }
        }

        private bool Skip(int count)
        {
            if (_data.Length < count)
            {
                return Fail();
            }

            _data = _data[count..];
            return true;
        }

        private bool Fail()
        {
            Failed = true;
            return false;
        }

        private bool Varint(out ulong value)
        {
            value = 0;
            for (var shift = 0; shift < 64 && !_data.IsEmpty; shift += 7)
            {
                var b = _data[0];
                _data = _data[1..];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
