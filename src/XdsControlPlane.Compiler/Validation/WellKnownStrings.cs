using System.Net;
using System.Net.Mail;
using System.Net.Sockets;
using Validate;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// The <c>well_known</c> string formats. Addresses follow what Envoy's C++ validators accept (inet_pton);
/// the header rules are protoc-gen-validate's <c>HTTP_HEADER_NAME</c> / <c>HTTP_HEADER_VALUE</c> regexes,
/// written as character tests: strict name <c>^:?[0-9a-zA-Z!#$%&amp;'*+-.^_|~`]+$</c> (the class holds the
/// range <c>+-.</c>, so a comma passes), strict value <c>^[^\x00-\x08\x0A-\x1F\x7F]*$</c>, and with
/// <c>strict: false</c> either one only <c>^[^\x00\n\r]*$</c>.
/// </summary>
internal static class WellKnownStrings
{
    private static readonly System.Buffers.SearchValues<char> _schemeChars =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");

    /// <summary>The test, rule name and message for the well-known format the rules ask for, if any.</summary>
    public static (Func<string, bool>? Test, string? Rule, string? Message) For(StringRules rules, string kind) =>
        rules.WellKnownCase switch
        {
            StringRules.WellKnownOneofCase.Email when rules.Email => (IsEmail, kind + ".email", "value must be a valid email address"),
            StringRules.WellKnownOneofCase.Hostname when rules.Hostname => (IsHostname, kind + ".hostname", "value must be a valid hostname"),
            StringRules.WellKnownOneofCase.Ip when rules.Ip => (IsIp, kind + ".ip", "value must be a valid IP address"),
            StringRules.WellKnownOneofCase.Ipv4 when rules.Ipv4 => (IsIpv4, kind + ".ipv4", "value must be a valid IPv4 address"),
            StringRules.WellKnownOneofCase.Ipv6 when rules.Ipv6 => (IsIpv6, kind + ".ipv6", "value must be a valid IPv6 address"),
            StringRules.WellKnownOneofCase.Uri when rules.Uri => (IsUri, kind + ".uri", "value must be a valid URI"),
            StringRules.WellKnownOneofCase.UriRef when rules.UriRef => (IsUriRef, kind + ".uri_ref", "value must be a valid URI reference"),
            StringRules.WellKnownOneofCase.Address when rules.Address => (IsAddress, kind + ".address", "value must be a valid hostname, or IP address"),
            StringRules.WellKnownOneofCase.Uuid when rules.Uuid => (IsUuid, kind + ".uuid", "value must be a valid UUID"),
            StringRules.WellKnownOneofCase.WellKnownRegex => HeaderRule(rules.WellKnownRegex, rules.Strict, kind + ".well_known_regex"),
            _ => (null, null, null),
        };

    public static bool IsHostname(string text)
    {
        if (text.Length > 253)
        {
            return false;
        }

        var host = text.EndsWith('.') ? text[..^1] : text;
        foreach (var part in host.Split('.'))
        {
            if (part.Length is 0 or > 63 || part[0] == '-' || part[^1] == '-')
            {
                return false;
            }

            foreach (var c in part)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Four decimal octets without leading zeros, as inet_pton(AF_INET) reads them.</summary>
    public static bool IsIpv4(string text)
    {
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || !part.All(char.IsAsciiDigit) || int.Parse(part, System.Globalization.CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An IPv6 address as inet_pton(AF_INET6) reads it: no brackets, no zone, an IPv4 tail allowed.</summary>
    public static bool IsIpv6(string text) =>
        text.Contains(':', StringComparison.Ordinal)
        && text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')
        && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6;

    public static bool IsIp(string text) => IsIpv4(text) || IsIpv6(text);

    public static bool IsAddress(string text) => IsIp(text) || IsHostname(text);

    public static bool IsEmail(string text)
    {
        if (!MailAddress.TryCreate(text, out var mail) || mail.Address.Length > 254)
        {
            return false;
        }

        var at = mail.Address.LastIndexOf('@');
        return at is > 0 and <= 64 && IsHostname(mail.Address[(at + 1)..]);
    }

    /// <summary>
    /// An absolute URI: an RFC 3986 scheme first (checked by hand because on Unix .NET reads "/path" as an
    /// absolute file URI), then whatever <see cref="Uri"/> accepts.
    /// </summary>
    public static bool IsUri(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && char.IsAsciiLetter(text[0])
            && text.AsSpan(1, colon - 1).IndexOfAnyExcept(_schemeChars) < 0
            && Uri.TryCreate(text, UriKind.Absolute, out _);
    }

    public static bool IsUriRef(string text) => Uri.TryCreate(text, UriKind.RelativeOrAbsolute, out _);

    public static bool IsUuid(string text) =>
        text.Length == 36 && Guid.TryParseExact(text, "D", out _);

    public static bool IsStrictHeaderName(string text)
    {
        var start = text.StartsWith(':') ? 1 : 0;
        if (text.Length == start)
        {
            return false;
        }

        for (var i = start; i < text.Length; i++)
        {
            if (!IsHeaderNameChar(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsStrictHeaderValue(string text)
    {
        foreach (var c in text)
        {
            if (c is (< '\x20' and not '\t') or '\x7F')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The loose form of both header rules: no NUL, LF or CR.</summary>
    public static bool IsLooseHeaderString(string text) => text.AsSpan().IndexOfAny('\0', '\n', '\r') < 0;

    private static (Func<string, bool>?, string?, string?) HeaderRule(KnownRegex regex, bool strict, string rule) => regex switch
    {
        KnownRegex.HttpHeaderName when strict => (IsStrictHeaderName, rule, "value must be a valid HTTP header name (RFC 7230 token, optionally after ':')"),
        KnownRegex.HttpHeaderValue when strict => (IsStrictHeaderValue, rule, "value must be a valid HTTP header value (no control characters but tab)"),
        KnownRegex.HttpHeaderName or KnownRegex.HttpHeaderValue => (IsLooseHeaderString, rule, "value must not contain NUL, CR or LF characters"),
        _ => (null, null, null),
    };

    private static bool IsHeaderNameChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or ',' or '-' or '.' or '^' or '_' or '|' or '~' or '`';
}
