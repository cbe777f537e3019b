using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Tests.Transport;

/// <summary><see cref="GrpcFraming.ParseTimeout"/>: the <c>grpc-timeout</c> header is at most 8 digits and a unit.</summary>
public sealed class GrpcTimeoutParsingTests
{
    private static IEnumerable<TestCaseData> Valid() =>
    [
        new TestCaseData("1H", TimeSpan.FromHours(1)).SetName("ParseTimeout_Hours"),
        new TestCaseData("2M", TimeSpan.FromMinutes(2)).SetName("ParseTimeout_Minutes"),
        new TestCaseData("30S", TimeSpan.FromSeconds(30)).SetName("ParseTimeout_Seconds"),
        new TestCaseData("200m", TimeSpan.FromMilliseconds(200)).SetName("ParseTimeout_Milliseconds"),
        new TestCaseData("1500u", TimeSpan.FromTicks(15_000)).SetName("ParseTimeout_Microseconds"),
        new TestCaseData("2500n", TimeSpan.FromTicks(25)).SetName("ParseTimeout_Nanoseconds_100nsTicks"),
        new TestCaseData("99n", TimeSpan.Zero).SetName("ParseTimeout_Nanoseconds_BelowATick_RoundDownToZero"),
        new TestCaseData("0S", TimeSpan.Zero).SetName("ParseTimeout_Zero"),
        new TestCaseData("007m", TimeSpan.FromMilliseconds(7)).SetName("ParseTimeout_LeadingZeros"),
        new TestCaseData("99999999H", TimeSpan.FromHours(99_999_999)).SetName("ParseTimeout_EightDigits_TheMostAllowed"),
    ];

    [TestCaseSource(nameof(Valid))]
    public void ParsesValidTimeout(string header, TimeSpan expected) =>
        Assert.That(GrpcFraming.ParseTimeout(header), Is.EqualTo(expected));

    private static IEnumerable<TestCaseData> Malformed() =>
    [
        new TestCaseData(null).SetName("ParseTimeout_IsNullFor_Absent"),
        new TestCaseData("").SetName("ParseTimeout_IsNullFor_Empty"),
        new TestCaseData("S").SetName("ParseTimeout_IsNullFor_UnitWithoutDigits"),
        new TestCaseData("100").SetName("ParseTimeout_IsNullFor_DigitsWithoutUnit"),
        new TestCaseData("5s").SetName("ParseTimeout_IsNullFor_LowercaseSecondsIsNotAUnit"),
        new TestCaseData("5h").SetName("ParseTimeout_IsNullFor_LowercaseHoursIsNotAUnit"),
        new TestCaseData("5x").SetName("ParseTimeout_IsNullFor_UnknownUnit"),
        new TestCaseData("123456789S").SetName("ParseTimeout_IsNullFor_NineDigits_TooMany"),
        new TestCaseData("-5S").SetName("ParseTimeout_IsNullFor_NegativeSign"),
        new TestCaseData("+5S").SetName("ParseTimeout_IsNullFor_PlusSign"),
        new TestCaseData(" 5S").SetName("ParseTimeout_IsNullFor_LeadingSpace"),
        new TestCaseData("5 S").SetName("ParseTimeout_IsNullFor_InnerSpace"),
        new TestCaseData("5S ").SetName("ParseTimeout_IsNullFor_TrailingSpace"),
        new TestCaseData("1.5S").SetName("ParseTimeout_IsNullFor_DecimalPoint"),
        new TestCaseData("1,000m").SetName("ParseTimeout_IsNullFor_ThousandsSeparator"),
        new TestCaseData("0x10S").SetName("ParseTimeout_IsNullFor_Hexadecimal"),
        new TestCaseData("١٢S").SetName("ParseTimeout_IsNullFor_NonAsciiDigits"),
    ];

    [TestCaseSource(nameof(Malformed))]
    public void MalformedTimeoutIsNull(string? header) =>
        Assert.That(GrpcFraming.ParseTimeout(header), Is.Null);
}
