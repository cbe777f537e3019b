using Envoy.Extensions.Filters.Http.JwtAuthn.V3;
using XdsControlPlane.Compiler.Builders;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>
/// Collects the JWT providers and requirements the routes of one connection manager use. Providers live on the
/// filter, routes pick a named requirement (<c>PerRouteConfig.requirement_name</c>); routes without one are not checked.
/// </summary>
internal sealed class JwtFilterBuilder
{
    private readonly SortedDictionary<string, Model.Policies.JwtProvider> _providers = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, (IReadOnlyList<string> Providers, bool Required)> _requirements = new(StringComparer.Ordinal);

    /// <summary>Registers <paramref name="policy"/> and returns the per-route config that selects it; null when it has no provider.</summary>
    public PerRouteConfig? Requirement(JwtPolicy policy)
    {
        if (policy.Providers.Count == 0)
        {
            return null;
        }

        var names = policy.Providers.Select(p => p.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var provider in policy.Providers)
        {
            _providers.TryAdd(provider.Name, provider);
        }

        var name = $"{string.Join("+", names)}/{(policy.Required ? "required" : "optional")}";
        _requirements[name] = (names, policy.Required);
        return new PerRouteConfig { RequirementName = name };
    }

    /// <summary>The filter config; fetching JWKS uses the providers' backend clusters, which the profile then emits.</summary>
    public JwtAuthentication Build(ProfileState profile)
    {
        var config = new JwtAuthentication();
        foreach (var (name, provider) in _providers)
        {
            string? cluster = null;
            if (provider.JwksBackend is { } backend && profile.Context.Service(backend.Namespace, backend.Name) is { } service
                && service.Ports.FirstOrDefault(p => p.Port == backend.Port) is { } port)
            {
                profile.UseCluster(service, port, grpc: false);
                cluster = Names.Cluster(service.Ref, port.Port);
            }

            config.Providers.Add(name, AuthFilters.JwtProvider(provider, cluster));
        }

        foreach (var (name, (providers, required)) in _requirements)
        {
            config.RequirementMap.Add(name, AuthFilters.JwtRequirement(providers, required));
        }

        return config;
    }
}
