using Validate;

namespace XdsControlPlane.Compiler.Tests.Validation;

/// <summary>String rules on single values: lengths in code points and bytes, affixes, lists, well-known formats.</summary>
public sealed class StringRuleTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        yield return Case("MinLen_CountsCodePointsNotUtf16Units", new StringRules { MinLen = 2 }, "😀", "string.min_len");
        yield return Case("MaxLen_SurrogatePairIsOneRune", new StringRules { MaxLen = 1 }, "😀");
        yield return Case("Len", new StringRules { Len = 3 }, "ab", "string.len");
        yield return Case("MinBytes_CountsUtf8", new StringRules { MinBytes = 3 }, "é", "string.min_bytes");
        yield return Case("MaxBytes_CountsUtf8", new StringRules { MaxBytes = 1 }, "é", "string.max_bytes");
        yield return Case("LenBytes", new StringRules { LenBytes = 2 }, "abc", "string.len_bytes");
        yield return Case("Const", new StringRules { Const = "a" }, "b", "string.const");
        yield return Case("PrefixSuffixContains", new StringRules { Prefix = "/api", Suffix = ".json", Contains = "v1" }, "/web/x.html", "string.prefix", "string.suffix", "string.contains");
        yield return Case("NotContains", new StringRules { NotContains = ".." }, "/a/../b", "string.not_contains");
        yield return Case("In", new StringRules { In = { "GET", "POST" } }, "PUT", "string.in");
        yield return Case("NotIn", new StringRules { NotIn = { "GET" } }, "GET", "string.not_in");
        yield return Case("Pattern_DollarIsEndOfText", new StringRules { Pattern = "^[^\\x00\\n\\r]*$" }, "abc\n", "string.pattern");
        yield return Case("Pattern_EnvoyStatPrefixChars", new StringRules { MinLen = 1, Pattern = "^[0-9a-zA-Z_\\-\\./~:]+$" }, "cluster.a-b/c~d:e");
        yield return Case("IgnoreEmpty_SkipsEveryRule", new StringRules { IgnoreEmpty = true, MinLen = 3, WellKnownRegex = KnownRegex.HttpHeaderName }, string.Empty);
        yield return Case("IgnoreEmpty_StillChecksNonEmpty", new StringRules { IgnoreEmpty = true, WellKnownRegex = KnownRegex.HttpHeaderName }, "a b", "string.well_known_regex");

        // Well-known formats: (rules, valid, invalid...)
        foreach (var bad in new[] { "-a.com", "a..b", "a_b.com", new string('a', 64) + ".com" })
        {
            yield return Case($"Hostname_Rejects({Printable(bad)})", new StringRules { Hostname = true }, bad, "string.hostname");
        }

        foreach (var good in new[] { "a-b.example.com", "example.com.", "localhost", "xn--bcher-kva.example" })
        {
            yield return Case($"Hostname_Accepts({good})", new StringRules { Hostname = true }, good);
        }

        yield return Case("Ip_AcceptsV4", new StringRules { Ip = true }, "10.0.0.1");
        yield return Case("Ip_AcceptsV6", new StringRules { Ip = true }, "2001:db8::1");
        yield return Case("Ip_RejectsThreeOctets", new StringRules { Ip = true }, "1.2.3", "string.ip");
        yield return Case("Ipv4_RejectsLeadingZero", new StringRules { Ipv4 = true }, "01.2.3.4", "string.ipv4");
        yield return Case("Ipv4_RejectsV6", new StringRules { Ipv4 = true }, "::1", "string.ipv4");
        yield return Case("Ipv6_RejectsZone", new StringRules { Ipv6 = true }, "fe80::1%eth0", "string.ipv6");
        yield return Case("Ipv6_RejectsBrackets", new StringRules { Ipv6 = true }, "[::1]", "string.ipv6");
        yield return Case("Ipv6_AcceptsV4Tail", new StringRules { Ipv6 = true }, "::ffff:1.2.3.4");
        yield return Case("Address_AcceptsHostname", new StringRules { Address = true }, "svc.ns.svc.cluster.local");
        yield return Case("Address_RejectsSpace", new StringRules { Address = true }, "a b", "string.address");
        yield return Case("Uri_RejectsRelative", new StringRules { Uri = true }, "/relative", "string.uri");
        yield return Case("Uri_AcceptsAbsolute", new StringRules { Uri = true }, "https://example.com/x?y=1");
        yield return Case("UriRef_AcceptsRelative", new StringRules { UriRef = true }, "/relative");
        yield return Case("Uuid_Accepts", new StringRules { Uuid = true }, "123e4567-e89b-12d3-a456-426614174000");
        yield return Case("Uuid_RejectsBraces", new StringRules { Uuid = true }, "{123e4567-e89b-12d3-a456-426614174000}", "string.uuid");
        yield return Case("Email_Accepts", new StringRules { Email = true }, "ops@example.com");
        yield return Case("Email_Rejects", new StringRules { Email = true }, "ops.example.com", "string.email");

        // HTTP_HEADER_NAME / HTTP_HEADER_VALUE, strict (the default) and strict: false.
        var name = new StringRules { WellKnownRegex = KnownRegex.HttpHeaderName };
        yield return Case("HeaderName_Strict_AcceptsPseudoHeader", name, ":authority");
        yield return Case("HeaderName_Strict_AcceptsCommaInsidePgvRange", name, "x-a,b");
        yield return Case("HeaderName_Strict_RejectsSpace", name, "x a", "string.well_known_regex");
        yield return Case("HeaderName_Strict_RejectsEmpty", name, string.Empty, "string.well_known_regex");
        yield return Case("HeaderName_Strict_RejectsLoneColon", name, ":", "string.well_known_regex");
        var value = new StringRules { WellKnownRegex = KnownRegex.HttpHeaderValue };
        yield return Case("HeaderValue_Strict_AcceptsTabAndNonAscii", value, "a\tb é");
        yield return Case("HeaderValue_Strict_RejectsDel", value, "a\u007f", "string.well_known_regex");
        yield return Case("HeaderValue_Strict_RejectsNewline", value, "a\nb", "string.well_known_regex");
        var looseName = new StringRules { WellKnownRegex = KnownRegex.HttpHeaderName, Strict = false };
        yield return Case("HeaderName_Loose_AcceptsSpaceAndEmpty", looseName, "x a");
        yield return Case("HeaderName_Loose_RejectsCarriageReturn", looseName, "x\r", "string.well_known_regex");
        yield return Case("HeaderValue_Loose_RejectsNul", new StringRules { WellKnownRegex = KnownRegex.HttpHeaderValue, Strict = false }, "a\0", "string.well_known_regex");
        yield return Case("HeaderValue_Loose_AcceptsOtherControls", new StringRules { WellKnownRegex = KnownRegex.HttpHeaderValue, Strict = false }, "a\u0001\u007f");
    }

    [TestCaseSource(nameof(Cases))]
    public void BreaksExactly(StringRules rules, string value, string[] expected) =>
        Assert.That(Rules.Broken(new FieldRules { String = rules }, value), Is.EqualTo(expected));

    [Test]
    public void StringsInsideWrappersAreChecked() =>
        Assert.That(Rules.Broken(new FieldRules { String = new StringRules { MinLen = 1 } }, new Google.Protobuf.WellKnownTypes.StringValue()), Is.EqualTo(new[] { "string.min_len" }));

    private static TestCaseData Case(string name, StringRules rules, string value, params string[] expected) =>
        new TestCaseData(rules, value, expected).SetName(name);

    private static string Printable(string text) => text.Length > 20 ? text[..10] + "…" : text;
}
