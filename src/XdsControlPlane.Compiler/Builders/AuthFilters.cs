using Envoy.Config.Core.V3;
using Envoy.Extensions.Filters.Http.ExtAuthz.V3;
using Envoy.Extensions.Filters.Http.JwtAuthn.V3;
using XdsControlPlane.Model.Policies;
using ModelJwtProvider = XdsControlPlane.Model.Policies.JwtProvider;

namespace XdsControlPlane.Compiler.Builders;

/// <summary>Builds JWT authentication and external authorization configs.</summary>
internal static class AuthFilters
{
    /// <summary>External authorization over gRPC to <paramref name="cluster"/>.</summary>
    public static ExtAuthz ExtAuthz(ExtAuthzPolicy policy, string cluster) => new()
    {
        GrpcService = new GrpcService
        {
            EnvoyGrpc = new GrpcService.Types.EnvoyGrpc { ClusterName = cluster },
            Timeout = Protos.Duration(policy.Timeout ?? Defaults.ExtAuthzTimeout),
        },
        FailureModeAllow = policy.FailOpen,
        TransportApiVersion = ApiVersion.V3,
    };

    /// <summary>
    /// A JWT provider: keys inline, or fetched from <paramref name="jwksCluster"/> at the provider's JWKS URI.
    /// The verified payload is forwarded in a header when the policy names one.
    /// </summary>
    public static Envoy.Extensions.Filters.Http.JwtAuthn.V3.JwtProvider JwtProvider(ModelJwtProvider provider, string? jwksCluster)
    {
        var jwt = new Envoy.Extensions.Filters.Http.JwtAuthn.V3.JwtProvider { Issuer = provider.Issuer, ForwardPayloadHeader = provider.ForwardPayloadHeader ?? "" };
        jwt.Audiences.AddRange(provider.Audiences);
        if (provider.JwksInline is { } inline)
        {
            jwt.LocalJwks = new DataSource { InlineString = inline };
        }
        else if (provider.JwksUri is { } uri && jwksCluster is not null)
        {
            jwt.RemoteJwks = new RemoteJwks
            {
                HttpUri = new HttpUri { Uri = uri, Cluster = jwksCluster, Timeout = Protos.Duration(Defaults.JwksFetchTimeout) },
                CacheDuration = Protos.Duration(Defaults.JwksCacheDuration),
            };
        }

        return jwt;
    }

    /// <summary>A requirement: any of the providers; <paramref name="required"/> false also admits requests without a token.</summary>
    public static JwtRequirement JwtRequirement(IReadOnlyList<string> providers, bool required)
    {
        if (providers.Count == 1 && required)
        {
            return new JwtRequirement { ProviderName = providers[0] };
        }

        var any = new JwtRequirementOrList();
        any.Requirements.AddRange(providers.Select(p => new JwtRequirement { ProviderName = p }));
        if (!required)
        {
            any.Requirements.Add(new JwtRequirement { AllowMissing = new Google.Protobuf.WellKnownTypes.Empty() });
        }

        return new JwtRequirement { RequiresAny = any };
    }
}
