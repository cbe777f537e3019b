using System.Text;
using Google.Protobuf;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// The HTTP filter rules of a packed HttpConnectionManager, read straight from its bytes: every listener is checked on
/// every compilation, and parsing each connection manager (or decoding its filter names) would cost more than every
/// other acceptance rule together. Nothing is allocated for a connection manager that breaks no rule.
/// </summary>
internal static class HttpFilterScan
{
    private const int HcmHttpFilters = 5;
    private const int FilterName = 1;
    private const int FilterTypedConfig = 4;
    private const int AnyTypeUrl = 1;

    private static readonly byte[] s_router = Encoding.UTF8.GetBytes(TypeUrlCatalog.TypeUrlOf(Envoy.Extensions.Filters.Http.Router.V3.Router.Descriptor));

    /// <summary>What breaks a rule, as filter indices (-1: nothing); false when the bytes do not parse.</summary>
    public static bool Check(ByteString hcm, out int duplicateName, out int unknownType, out int misplacedRouter)
    {
        (duplicateName, unknownType, misplacedRouter) = (-1, -1, -1);
        var data = hcm.Span;
        Span<(int NameStart, int NameLength, int TypeStart, int TypeLength)> filters = stackalloc (int, int, int, int)[32];
        var count = 0;
        var reader = new Reader(data, 0, data.Length);
        while (reader.Next(out var field, out var delimited, out var start, out var length))
        {
            if (field != HcmHttpFilters || !delimited)
            {
                continue;
            }

            var entry = (NameStart: 0, NameLength: 0, TypeStart: 0, TypeLength: 0);
            var inner = new Reader(data, start, length);
            while (inner.Next(out var f, out var fd, out var s, out var l))
            {
                if (f == FilterName && fd)
                {
                    (entry.NameStart, entry.NameLength) = (s, l);
                }
                else if (f == FilterTypedConfig && fd)
                {
                    var any = new Reader(data, s, l);
                    while (any.Next(out var af, out var ad, out var us, out var ul))
                    {
                        if (af == AnyTypeUrl && ad)
                        {
                            (entry.TypeStart, entry.TypeLength) = (us, ul);
                        }
                    }

                    if (any.Failed)
                    {
                        return false;
                    }
                }
            }

            if (inner.Failed)
            {
                return false;
            }

            if (count == filters.Length)
            {
                var larger = new (int, int, int, int)[count * 2];
                filters.CopyTo(larger);
                filters = larger;
            }

            filters[count++] = entry;
        }

        if (reader.Failed)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            var name = data.Slice(filters[i].NameStart, filters[i].NameLength);
            for (var j = 0; j < i && duplicateName < 0; j++)
            {
                if (name.SequenceEqual(data.Slice(filters[j].NameStart, filters[j].NameLength)))
                {
                    duplicateName = i;
                }
            }

            var type = data.Slice(filters[i].TypeStart, filters[i].TypeLength);
            if (unknownType < 0 && type.Length > 0 && !KnownTypeUrls.IsKnown(type))
            {
                unknownType = i;
            }

            // Envoy stops at the first filter out of place: the router before the end, or another filter at the end.
            if (misplacedRouter < 0 && type.SequenceEqual(s_router) != (i == count - 1))
            {
                misplacedRouter = i;
            }
        }

        return true;
    }

    /// <summary>Name and type URL of filter <paramref name="index"/>, for messages.</summary>
    public static (string Name, string TypeUrl) Filter(ByteString hcm, int index)
    {
        var config = Envoy.Extensions.Filters.Network.HttpConnectionManager.V3.HttpConnectionManager.Parser.ParseFrom(hcm);
        var filter = config.HttpFilters[index];
        return (filter.Name, filter.TypedConfig?.TypeUrl ?? string.Empty);
    }

    /// <summary>A protobuf wire-format walk over a range of a buffer: each field's number and, for length-delimited ones, where its bytes are.</summary>
    private ref struct Reader(ReadOnlySpan<byte> data, int start, int length)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private readonly int _end = start + length;
        private int _position = start;

        public bool Failed { get; private set; }

        public bool Next(out int field, out bool delimited, out int start, out int length)
        {
            (field, delimited, start, length) = (0, false, 0, 0);
            if (_position >= _end || Failed || !Varint(out var tag))
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
                    if (!Varint(out var size) || size > (ulong)(_end - _position))
                    {
                        return Fail();
                    }

                    (start, length, delimited) = (_position, (int)size, true);
                    _position += (int)size;
                    return true;
                case 5:
                    return Skip(4);
                default:
                    return Fail();
            }
        }

        private bool Skip(int count)
        {
            if (_end - _position < count)
            {
                return Fail();
            }

            _position += count;
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
            for (var shift = 0; shift < 64 && _position < _end; shift += 7)
            {
                var b = _data[_position++];
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
