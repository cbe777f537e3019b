using Google.Protobuf;
using XdsControlPlane.Compiler.Builders;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Compiler.Tests.Builders;

public sealed class HttpFiltersTests
{
    private static readonly FaultPolicy?[] Faults =
    [
        null,
        new(null, TimeSpan.FromSeconds(1), null, null, null),
        new(50, TimeSpan.FromSeconds(1), null, null, null),
        new(null, null, null, null, 8),
        new(null, null, 100, null, 14),
        new(null, null, 100, 503, null),
        new(null, TimeSpan.FromSeconds(1), 100, null, 8),
        new(null, TimeSpan.FromSeconds(2), 100, null, 8),
    ];

    /// <summary>
    /// @grpc/grpc-js-xds 1.14.1 takes an update whose bytes only extend the cached ones for no change, so a policy
    /// change (no fault to abort, delay to delay and abort) must change a byte the old config has.
    /// </summary>
    [Test]
    public void ProxylessHTTPFault_NoEncodingIsAPrefixOfAnother()
    {
        var encodings = Faults.Select(f => HttpFilters.ProxylessHTTPFault(f).ToByteArray()).ToList();

        for (var a = 0; a < encodings.Count; a++)
        {
            for (var b = 0; b < encodings.Count; b++)
            {
                if (a != b)
                {
                    Assert.That(encodings[b].AsSpan().StartsWith(encodings[a]), Is.False, $"config {a} is a prefix of config {b}");
                }
            }
        }
    }

    [Test]
    public void ProxylessHTTPFault_WithoutAPolicy_InjectsNothing()
    {
        var fault = HttpFilters.ProxylessHTTPFault(null);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(fault.Delay, Is.Null);
            Assert.That(fault.Abort, Is.Null);
            Assert.That(fault.MaxActiveFaults, Is.Null);
        }
    }
}
