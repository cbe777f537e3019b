using System.Globalization;
using System.Text.RegularExpressions;
using XdsControlPlane.Tests.Support;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Tests.Diagnostics;

/// <summary>
/// Issue 10 D5: profile names come from clients, so per-profile series are bounded. 5,000 streams with distinct
/// <c>xds.profile</c> values (300 of them 100 KB long) are opened in the ledger, as the xDS server opens them; /metrics
/// stays small (at most the cap of profile values, the rest under <c>(other)</c>, values cut) and loses no client;
/// when they leave, their series leave.
/// </summary>
public sealed partial class MetricCardinalityTests
{
    private const int Streams = 5_000;
    private const int LongNames = 300;
    private DiagnosticsHost _host = null!;

    [SetUp]
    public async Task SetUp() => _host = await DiagnosticsHost.StartAsync();

    [TearDown]
    public async Task TearDown() => await _host.DisposeAsync();

    private static string Profile(int i) =>
        i < LongNames ? $"cardinality-{i:D4}-" + new string('p', 100 * 1024) : $"cardinality-{i:D4}";

    [GeneratedRegex("""^xds_connected_clients\{profile="([^"]*)",type="CDS"\} (\d+)""", RegexOptions.Multiline)]
    private static partial Regex ConnectedSeries();

    [Test]
    public async Task FiveThousandProfiles_StayWithinTheCap_ThenLeaveWithTheirClients()
    {
        var ledger = new ProxyLedger(TimeProvider.System);
        var streams = Enumerable.Range(0, Streams)
            .Select(i => ledger.Open(new StreamIdentity($"node-{i}", "cluster", Profile(i), "test", "sotw", true, "127.0.0.1:1")))
            .ToList();
        foreach (var stream in streams)
        {
            stream.Subscribed(TypeUrls.Cluster);
        }

        var during = await _host.Http.GetStringAsync("metrics");
        foreach (var stream in streams)
        {
            stream.Dispose();
        }

        var after = await _host.Http.GetStringAsync("metrics");

        var series = ConnectedSeries().Matches(during).Select(m => (Profile: m.Groups[1].Value, Count: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture))).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(series, Has.Length.EqualTo(Xds.XdsMetrics.ProfileLabelCap + 1), "the cap of profile values, and (other)");
            Assert.That(series.Sum(s => s.Count), Is.EqualTo(Streams), "every client is counted");
            Assert.That(series.Single(s => s.Profile == "(other)").Count, Is.EqualTo(Streams - Xds.XdsMetrics.ProfileLabelCap));
            Assert.That(series.Max(s => s.Profile.Length), Is.LessThan(160), "long profile names are cut");
            Assert.That(series.Where(s => s.Profile.Length > 128).Select(s => s.Profile), Has.All.Contains("…(+"));
            Assert.That(during.Length, Is.LessThan(100_000), "/metrics stays small");
            Assert.That(ConnectedSeries().Matches(after).Select(m => m.Groups[1].Value), Has.None.StartsWith("cardinality-").And.None.EqualTo("(other)"),
                "series leave with their last client");
            Assert.That(Xds.XdsMetrics.ProfileLabelCount, Is.Zero, "no profile label is kept");
        });
    }
}
