namespace XdsControlPlane.Model;

/// <summary>One Gateway listener.</summary>
/// <param name="Name">Section name.</param>
/// <param name="Hostname">Optional hostname (may start with <c>*.</c>).</param>
/// <param name="Port">Port.</param>
/// <param name="Protocol">HTTP or HTTPS (others are reported as unsupported).</param>
/// <param name="CertificateRefs">TLS Secrets for HTTPS, by reference; a reference of another group or kind keeps it as the kind
/// (<c>group/Kind</c>), for the compiler to report on that listener.</param>
/// <param name="AllowedNamespaces">Which route namespaces may attach: Same, All or Selector.</param>
/// <param name="AllowedNamespaceLabels">For Selector: required namespace labels (matchLabels).</param>
/// <param name="AllowedKinds">Route kinds allowed (empty: the kinds the protocol supports).</param>
public sealed record GatewayListener(
    string Name,
    string? Hostname,
    int Port,
    string Protocol,
    EquatableArray<ObjectRef> CertificateRefs,
    string AllowedNamespaces,
    EquatableArray<KeyValuePair<string, string>> AllowedNamespaceLabels,
    EquatableArray<string> AllowedKinds);
