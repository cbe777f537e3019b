using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Xds.Tests.Snapshots;

public sealed class ContentHashTests
{
    // What OfPairs must hash, written the plain way: every value's UTF-8 length (big-endian) then its bytes.
    private static string Reference(IEnumerable<(string, string)> pairs)
    {
        var bytes = new List<byte>();
        foreach (var value in pairs.SelectMany(p => new[] { p.Item1, p.Item2 }))
        {
            var utf8 = Encoding.UTF8.GetBytes(value);
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, utf8.Length);
            bytes.AddRange(length);
            bytes.AddRange(utf8);
        }

        return Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray()).AsSpan(0, 8));
    }

    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(Array.Empty<(string, string)>()).SetName("no pairs");
        yield return new TestCaseData(new[] { ("default/echo:50051", "0a1b2c3d4e5f6071") }).SetName("one pair");
        yield return new TestCaseData(Enumerable.Range(0, 20_000).Select(i => ($"ns-{i % 7}/svc-{i}:8080", $"{i:x16}")).ToArray())
            .SetName("many pairs crossing buffer boundaries");
        yield return new TestCaseData(new[] { ("big", new string('é', 70_000)), ("after", "1") }).SetName("a value larger than the buffer");
    }

    [TestCaseSource(nameof(Cases))]
    public void OfPairs_HashesLengthPrefixedUtf8(IEnumerable<(string, string)> pairs) =>
        Assert.That(ContentHash.OfPairs(pairs), Is.EqualTo(Reference(pairs)));
}
