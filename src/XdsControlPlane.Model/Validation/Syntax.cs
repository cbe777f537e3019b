using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace XdsControlPlane.Model.Validation;

/// <summary>Syntax checks shared by the validators (names, hostnames, CIDRs, patterns).</summary>
public static partial class Syntax
{
    /// <summary>HTTP methods the Gateway API allows in a match.</summary>
    public static readonly IReadOnlySet<string> HttpMethods =
        new HashSet<string>(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"], StringComparer.Ordinal);

    /// <summary>An HTTP token (RFC 9110), the syntax of header names.</summary>
    public static bool IsHeaderName(string? value) => !string.IsNullOrEmpty(value) && value.Length <= 256 && TokenPattern().IsMatch(value);

    /// <summary>A DNS-1123 subdomain, optionally with a leading <c>*.</c> wildcard label; no IP addresses.</summary>
    public static bool IsHostname(string? value, bool allowWildcard = true)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 253)
        {
            return false;
        }

        var name = allowWildcard && value.StartsWith("*.", StringComparison.Ordinal) ? value[2..] : value;
        return HostnamePattern().IsMatch(name) && !IPAddress.TryParse(name, out _);
    }

    /// <summary>A DNS-1123 label (Gateway API section names, rule names).</summary>
    public static bool IsSectionName(string? value) => !string.IsNullOrEmpty(value) && value.Length <= 253 && SectionNamePattern().IsMatch(value);

    /// <summary>
    /// A GatewayClass controllerName: a domain-prefixed path (<c>example.com/gateway-controller</c>), at most 253
    /// characters, as Gateway API requires.
    /// </summary>
    public static bool IsControllerName(string? value) => !string.IsNullOrEmpty(value) && value.Length <= 253 && ControllerNamePattern().IsMatch(value);

    /// <summary>An address range <c>address/prefix</c> (IPv4 or IPv6).</summary>
    public static bool IsCidr(string? value)
    {
        var slash = value?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (value is null || slash <= 0 || !IPAddress.TryParse(value.AsSpan(0, slash), out var address))
        {
            return false;
        }

        var max = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        return int.TryParse(value.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) && prefix <= max;
    }

    /// <summary>Whether <paramref name="pattern"/> compiles. The proxies use RE2; this catches what is broken in any dialect.</summary>
    public static bool IsRegex(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return false;
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>An absolute http or https URI.</summary>
    public static bool IsHttpUri(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    [GeneratedRegex("^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex HostnamePattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+$")]
    private static partial Regex ControllerNamePattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex SectionNamePattern();
}
