using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Tests.Transport;

/// <summary><see cref="GrpcFraming.ParseTimeout"/>: the <c>grpc-timeout</c> header is at most 8 digits and a unit.</summary>
public sealed class GrpcTimeoutParsingTests
{
    private static IEnumerable<TestCaseData> Valid() =>
    [
        new TestCaseData("1H", TimeSpan.FromHours(1)).SetName("Hours"),
        new TestCaseData("2M", TimeSpan.FromMinutes(2)).SetName("Minutes"),
        new TestCaseData("30S", TimeSpan.FromSeconds(30)).SetName("Seconds"),
        new TestCaseData("200m", TimeSpan.FromMilliseconds(200)).SetName("Milliseconds"),
        new TestCaseData("1500u", TimeSpan.FromTicks(15_000)).SetName("Microseconds"),
        new TestCaseData("2500n", TimeSpan.FromTicks(25)).SetName("Nanoseconds_100nsTicks"),
        new TestCaseData("99n", TimeSpan.Zero).SetName("Nanoseconds_BelowATick_RoundDownToZero"),
        new TestCaseData("0S", TimeSpan.Zero).SetName("Zero"),
        new TestCaseData("007m", TimeSpan.FromMilliseconds(7)).SetName("LeadingZeros"),
        new TestCaseData("99999999H", TimeSpan.FromHours(99_999_999)).SetName("EightDigits_TheMostAllowed"),
    ];

    [TestCaseSource(nameof(Valid))]
    public void ParsesValidTimeout(string header, TimeSpan expected) =>
        Assert.That(GrpcFraming.ParseTimeout(header), Is.EqualTo(expected));

    private static IEnumerable<TestCaseData> Malformed() =>
    [
        new TestCaseData(null).SetName("Absent"),
        new TestCaseData("").SetName("Empty"),
        new TestCaseData("S").SetName("UnitWithoutDigits"),
        new TestCaseData("100").SetName("DigitsWithoutUnit"),
        new TestCaseData("5s").SetName("LowercaseSecondsIsNotAUnit"),
        new TestCaseData("5h").SetName("LowercaseHoursIsNotAUnit"),
        new TestCaseData("5x").SetName("UnknownUnit"),
        new TestCaseData("123456789S").SetName("NineDigits_TooMany"),
        new TestCaseData("-5S").SetName("NegativeSign"),
        new TestCaseData("+5S").SetName("PlusSign"),
        new TestCaseData(" 5S").SetName("LeadingSpace"),
        new TestCaseData("5 S").SetName("InnerSpace"),
        new TestCaseData("5S ").SetName("TrailingSpace"),
        new TestCaseData("1.5S").SetName("DecimalPoint"),
        new TestCaseData("1,000m").SetName("ThousandsSeparator"),
        new TestCaseData("0x10S").SetName("Hexadecimal"),
        new TestCaseData("١٢S").SetName("NonAsciiDigits"),
    ];

    [TestCaseSource(nameof(Malformed))]
    public void MalformedTimeoutIsNull(string? header) =>
        Assert.That(GrpcFraming.ParseTimeout(header), Is.Null);
}
