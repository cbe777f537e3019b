using Google.Protobuf;
using XdsControlPlane.Model;
using XdsControlPlane.Xds.Snapshots;
using TlsSecret = Envoy.Extensions.TransportSockets.Tls.V3.Secret;

namespace XdsControlPlane.Xds.Protocol.Authorization;

/// <summary>
/// Who may act as which profile, receive private keys and read the fleet. Under mutual TLS every call has a
/// <see cref="ClientIdentity"/>; the declared rules are tried in order and the first that matches the identity and the
/// profile decides, then the default rule (an identity may act as the Gateways of its own namespace, as a proxyless
/// client and as the empty <c>default</c> profile). Without mutual TLS there is no identity to check: every profile is
/// served, but secrets holding private keys only with <see cref="AllowPlaintextSecrets"/>.
/// </summary>
public sealed class XdsAuthorization
{
    /// <summary>The built-in rule, applied after the declared ones unless they turn it off.</summary>
    public static readonly AuthorizationRule DefaultRule = new("default",
        ["spiffe://*/ns/*/sa/*"], [$"{ProfileNames.GatewayPrefix}{AuthorizationRule.NamespacePlaceholder}/*", ProfileNames.Proxyless, SnapshotStore.DefaultProfile]);

    private readonly IReadOnlyList<AuthorizationRule> _rules;

    /// <summary>Authorization for a listener with (<paramref name="mutualTls"/>) or without client certificates.</summary>
    /// <param name="mutualTls">Clients present certificates (a client CA is configured): identities are checked.</param>
    /// <param name="allowPlaintextSecrets">Without mutual TLS, send secrets that hold private keys anyway.</param>
    /// <param name="rules">Declared rules, tried in order before the default rule.</param>
    /// <param name="defaultRule">Apply <see cref="DefaultRule"/> after the declared ones.</param>
    public XdsAuthorization(bool mutualTls, bool allowPlaintextSecrets = false, IReadOnlyList<AuthorizationRule>? rules = null, bool defaultRule = true)
    {
        MutualTls = mutualTls;
        AllowPlaintextSecrets = allowPlaintextSecrets;
        Declared = rules ?? [];
        _rules = defaultRule ? [.. Declared, DefaultRule] : Declared;
    }

    /// <summary>Identities are checked (a client CA is configured).</summary>
    public bool MutualTls { get; }

    /// <summary>Without mutual TLS, secrets holding private keys are sent anyway.</summary>
    public bool AllowPlaintextSecrets { get; }

    /// <summary>The operator's rules, without the default one.</summary>
    public IReadOnlyList<AuthorizationRule> Declared { get; }

    /// <summary>
    /// Null when <paramref name="identity"/> may act as <paramref name="profile"/> (always, without mutual TLS), else
    /// why not, naming the rule that decided.
    /// </summary>
    public string? Authorize(ClientIdentity? identity, string profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (!MutualTls)
        {
            return null;
        }

        if (identity is null)
        {
            return $"profile '{profile}' needs a client identity (a certificate with a spiffe:// URI SAN)";
        }

        // Rights follow the profile, not its encoding variant.
        var target = EncodingVariants.BaseProfile(profile);
        foreach (var rule in _rules)
        {
            if (rule.MatchesIdentity(identity) && rule.MatchesProfile(identity, target))
            {
                return rule.Deny ? $"identity '{identity}' may not act as profile '{target}': denied by rule '{rule.Name}'" : null;
            }
        }

        return $"identity '{identity}' may not act as profile '{target}': no rule allows it ({Tried()})";
    }

    /// <summary>Whether a client of <paramref name="identity"/> may be sent private keys.</summary>
    public bool MayReceivePrivateKeys(ClientIdentity? identity) => AllowPlaintextSecrets || (MutualTls && identity is not null);

    /// <summary>Null when <paramref name="identity"/> may read every client's status (CSDS), else why not.</summary>
    public string? AuthorizeFleetRead(ClientIdentity? identity)
    {
        if (!MutualTls)
        {
            return null;
        }

        // The first declared rule of the identity with readFleet decides (a deny rule refuses); none means no.
        return identity is not null && Declared.FirstOrDefault(r => r.ReadFleet && r.MatchesIdentity(identity)) is { Deny: false }
            ? null
            : $"identity '{identity?.Id ?? "(none)"}' may not read the fleet's status (CSDS): no rule with readFleet matches it";
    }

    /// <summary>Why a secret is withheld from a client that may not receive private keys, or null when it may have it.</summary>
    public string? CheckSecret(ClientIdentity? identity, IMessage secret) =>
        MayReceivePrivateKeys(identity) || !HoldsPrivateKey(secret) ? null
            : $"secret '{(secret as TlsSecret)?.Name}' holds a private key, which is sent only to clients authenticated by mutual TLS (--client-ca), or with --allow-plaintext-secrets";

    /// <summary>Whether <paramref name="message"/> is a Secret carrying a private key, password, session ticket keys or a generic secret.</summary>
    public static bool HoldsPrivateKey(IMessage message) => message is TlsSecret secret
        && (secret.TlsCertificate is { } certificate && (certificate.PrivateKey is not null || certificate.Password is not null || certificate.PrivateKeyProvider is not null)
            || secret.SessionTicketKeys is not null || secret.GenericSecret is not null);

    private string Tried() => _rules.Count == 0 ? "no rules are declared and the default rule is off"
        : $"rules tried: {string.Join(", ", _rules.Select(r => $"'{r.Name}'"))}"
          + (_rules[^1] == DefaultRule ? "; the default rule allows only its own namespace's Gateways (gateway/<namespace>/*), proxyless and default" : string.Empty);
}
