namespace XdsControlPlane.Xds.Protocol.Authorization;

/// <summary>
/// One operator-declared rule: identities matching one of <see cref="Identities"/> may (or, with <see cref="Deny"/>,
/// may not) act as the profiles matching one of <see cref="Profiles"/>, and with <see cref="ReadFleet"/> may read every
/// client's status through CSDS. Patterns: <c>*</c> stands for any characters within one <c>/</c>-separated segment;
/// <c>{namespace}</c> in a profile pattern is the identity's own namespace.
/// </summary>
/// <param name="Name">Named in PERMISSION_DENIED messages and logs.</param>
/// <param name="Identities">SPIFFE ID patterns, e.g. <c>spiffe://cluster.local/ns/ingress/sa/*</c>.</param>
/// <param name="Profiles">Profile patterns, e.g. <c>gateway/ingress/*</c>, <c>proxyless</c>.</param>
/// <param name="Deny">Refuses what it matches instead of allowing it.</param>
/// <param name="ReadFleet">Allows CSDS (refuses it, on a deny rule).</param>
public sealed record AuthorizationRule(string Name, IReadOnlyList<string> Identities, IReadOnlyList<string> Profiles, bool Deny = false, bool ReadFleet = false)
{
    /// <summary>Placeholder for the identity's namespace in a profile pattern.</summary>
    public const string NamespacePlaceholder = "{namespace}";

    /// <summary>Whether <paramref name="identity"/> matches one of <see cref="Identities"/>.</summary>
    public bool MatchesIdentity(ClientIdentity identity) => Identities.Any(p => Glob.Matches(p, identity.Id));

    /// <summary>Whether <paramref name="profile"/> matches one of <see cref="Profiles"/> for <paramref name="identity"/>.</summary>
    public bool MatchesProfile(ClientIdentity identity, string profile) => Profiles.Any(p =>
        !p.Contains(NamespacePlaceholder, StringComparison.Ordinal)
            ? Glob.Matches(p, profile)
            : identity.Namespace is { } ns && Glob.Matches(p.Replace(NamespacePlaceholder, ns, StringComparison.Ordinal), profile));
}
