using Envoy.Config.Core.V3;
using Envoy.Config.Rbac.V3;
using Envoy.Extensions.Filters.Http.Rbac.V3;
using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;
using EnvoyRbac = Envoy.Config.Rbac.V3.RBAC;
using FilterRbac = Envoy.Extensions.Filters.Http.Rbac.V3.RBAC;

namespace XdsControlPlane.Compiler.Builders;

/// <summary>Builds RBAC filter configs.</summary>
internal static class RbacFilters
{
    /// <summary>
    /// The listener-level RBAC filter: deny nothing, so it enforces nothing unless a route overrides it. (Leaving the
    /// rules out would mean the same to Envoy, but gRPC clients reject an RBAC filter without rules.)
    /// </summary>
    public static FilterRbac RBAC() => new() { Rules = new EnvoyRbac { Action = EnvoyRbac.Types.Action.Deny } };

    /// <summary>A per-route RBAC override carrying <paramref name="policy"/>.</summary>
    public static RBACPerRoute RBACPerRoute(RbacPolicy policy, string name) => new() { Rbac = new FilterRbac { Rules = Rules(policy, name) } };

    /// <summary>
    /// Allow: only requests matching a rule pass. Deny: matching requests are refused. Each rule becomes one
    /// Envoy policy (any permission) whose principal requires all of the rule's conditions. Invalid source ranges
    /// are left out so that the result never admits more than asked: an Allow rule left with no range is dropped,
    /// a Deny rule left with no range denies from any source.
    /// </summary>
    public static EnvoyRbac Rules(RbacPolicy policy, string name)
    {
        var rbac = new EnvoyRbac { Action = policy.Action == "Deny" ? EnvoyRbac.Types.Action.Deny : EnvoyRbac.Types.Action.Allow };
        for (var i = 0; i < policy.Rules.Count; i++)
        {
            var rule = policy.Rules[i];
            var cidrs = rule.SourceCidrs.Where(IsValidCidr).ToEquatableArray();
            if (rule.SourceCidrs.Count > 0 && cidrs.Count == 0 && rbac.Action == EnvoyRbac.Types.Action.Allow)
            {
                // Every range of this rule is invalid (reported by the policy checks). Dropping the rule admits less;
                // dropping only the ranges would admit any source.
                continue;
            }

            var envoyPolicy = new Policy();
            envoyPolicy.Permissions.Add(new Permission { Any = true });
            envoyPolicy.Principals.Add(Principal(rule with { SourceCidrs = cidrs }));
            rbac.Policies.Add($"{name}/rule/{i}", envoyPolicy);
        }

        return rbac;
    }

    private static Principal Principal(RbacRule rule)
    {
        var all = new List<Principal>();
        if (rule.Principals.Count > 0)
        {
            all.Add(Any(rule.Principals.Select(p => new Principal
            {
                Authenticated = new Principal.Types.Authenticated { PrincipalName = new Envoy.Type.Matcher.V3.StringMatcher { Exact = p } },
            })));
        }

        all.AddRange(rule.Headers.Select(h => new Principal { Header = RouteMatches.HeaderMatcher(h) }));
        if (rule.SourceCidrs.Count > 0)
        {
            all.Add(Any(rule.SourceCidrs.Select(c => new Principal { DirectRemoteIp = CidrRange(c) })));
        }

        if (all.Count == 0)
        {
            return new Principal { Any = true };
        }

        if (all.Count == 1)
        {
            return all[0];
        }

        var and = new Principal.Types.Set();
        and.Ids.AddRange(all);
        return new Principal { AndIds = and };
    }

    private static Principal Any(IEnumerable<Principal> principals)
    {
        var list = principals.ToList();
        if (list.Count == 1)
        {
            return list[0];
        }

        var or = new Principal.Types.Set();
        or.Ids.AddRange(list);
        return new Principal { OrIds = or };
    }

    /// <summary>A CIDR range; a bare address is a host route (/32 or /128). Input is validated by the policy checks.</summary>
    public static CidrRange CidrRange(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        var address = slash < 0 ? cidr : cidr[..slash];
        var length = slash < 0 ? (address.Contains(':', StringComparison.Ordinal) ? 128 : 32) : int.Parse(cidr[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        return new CidrRange { AddressPrefix = address, PrefixLen = (uint)length };
    }

    /// <summary>True when <paramref name="cidr"/> is an IP address with an optional valid prefix length.</summary>
    public static bool IsValidCidr(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        var address = slash < 0 ? cidr : cidr[..slash];
        if (!System.Net.IPAddress.TryParse(address, out var ip))
        {
            return false;
        }

        var max = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32;
        return slash < 0 || (int.TryParse(cidr[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n <= max);
    }
}
