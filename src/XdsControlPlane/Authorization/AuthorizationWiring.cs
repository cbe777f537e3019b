using XdsControlPlane.Xds.Protocol.Authorization;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Authorization;

/// <summary>Builds the xDS authorization from the options: mutual TLS or not, plaintext keys, the declared rules file.</summary>
internal static class AuthorizationWiring
{
    /// <summary>The authorization, or null (after writing every error to <paramref name="errors"/>) when the rules file is unusable.</summary>
    public static XdsAuthorization? Create(GrpcServerOptions options, TextWriter errors)
    {
        var mutualTls = options.ClientCaPath is not null;
        if (options.AuthorizationRules is not { } path)
        {
            return new XdsAuthorization(mutualTls, options.AllowPlaintextSecrets);
        }

        var (rules, defaultRule) = AuthorizationRulesFile.Load(path, out var problems);
        if (problems.Count > 0)
        {
            errors.WriteLine($"authorization rules {path} are not usable ({problems.Count} errors):");
            foreach (var problem in problems)
            {
                errors.WriteLine(problem);
            }

            return null;
        }

        if (!mutualTls)
        {
            errors.WriteLine($"warning: authorization rules {path} apply only with mutual TLS (--client-ca); without it no identity is checked");
        }

        return new XdsAuthorization(mutualTls, options.AllowPlaintextSecrets, rules, defaultRule);
    }
}
