using System.Net;

namespace XdsControlPlane.Diagnostics;

/// <summary>
/// Answers only requests whose <c>Host</c> is allowed (<see cref="AdminOptions.AllowedHosts"/>); others get 421 with a
/// JSON problem. A web page that rebinds its own DNS name to 127.0.0.1 still sends its name as Host, so it is refused
/// before it can read or change anything.
/// </summary>
internal sealed class AdminHostFilter(RequestDelegate next, AdminOptions options)
{
    private static readonly string[] s_loopback = ["localhost", "127.0.0.1", "[::1]", "::1"];
    private readonly HashSet<string> _allowed = Allowed(options);
    private readonly bool _anyHost = options.AllowedHosts.Contains("*");
    private readonly bool _anyIpLiteral = options.AllowedHosts.Length == 0 && IPAddress.TryParse(options.Address, out var bound)
        && (bound.Equals(IPAddress.Any) || bound.Equals(IPAddress.IPv6Any));

    public Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host.Host;
        if (_anyHost || _allowed.Contains(host) || (_anyIpLiteral && IPAddress.TryParse(host.Trim('[', ']'), out _)))
        {
            return next(context);
        }

        return AdminProblem.WriteAsync(context, StatusCodes.Status421MisdirectedRequest, "host",
            $"Host '{context.Request.Host}' is not one this server answers to; allowed: {string.Join(", ", _allowed.Order(StringComparer.Ordinal))} (Admin:AllowedHosts)");
    }

    private static HashSet<string> Allowed(AdminOptions options)
    {
        var allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (options.AllowedHosts.Length == 0)
        {
            allowed.UnionWith(s_loopback);
            if (IPAddress.TryParse(options.Address, out var bound))
            {
                allowed.Add(bound.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{bound}]" : bound.ToString());
            }
        }
        else
        {
            allowed.UnionWith(options.AllowedHosts.Where(h => h != "*"));
        }

        return allowed;
    }
}
