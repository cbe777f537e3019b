namespace XdsControlPlane.Compiler;

/// <summary>Condition types and reasons (Gateway API names where Gateway API defines one).</summary>
public static class Reasons
{
    /// <summary>Condition type and reason: the object was accepted.</summary>
    public const string Accepted = "Accepted";

    /// <summary>Condition type and reason: every reference resolved.</summary>
    public const string ResolvedRefs = "ResolvedRefs";

    /// <summary>Condition type and reason: the Gateway's configuration was generated.</summary>
    public const string Programmed = "Programmed";

    /// <summary>A backendRef names a Service (or port) that does not exist.</summary>
    public const string BackendNotFound = "BackendNotFound";

    /// <summary>A reference into another namespace that no ReferenceGrant in that namespace allows.</summary>
    public const string RefNotPermitted = "RefNotPermitted";

    /// <summary>A reference names a kind that is not supported.</summary>
    public const string InvalidKind = "InvalidKind";

    /// <summary>No listener of the parent admits the route (namespace or kind).</summary>
    public const string NotAllowedByListeners = "NotAllowedByListeners";

    /// <summary>No listener hostname intersects the route's hostnames.</summary>
    public const string NoMatchingListenerHostname = "NoMatchingListenerHostname";

    /// <summary>The parentRef names no existing Gateway, listener, port or Service.</summary>
    public const string NoMatchingParent = "NoMatchingParent";

    /// <summary>A value the target cannot use (a feature proxyless gRPC clients lack, an unknown type).</summary>
    public const string UnsupportedValue = "UnsupportedValue";

    /// <summary>A listener's certificateRefs name no usable TLS Secret.</summary>
    public const string InvalidCertificateRef = "InvalidCertificateRef";

    /// <summary>A listener's allowedRoutes names a route kind that is not supported.</summary>
    public const string InvalidRouteKinds = "InvalidRouteKinds";

    /// <summary>Two listeners on one port disagree on the protocol.</summary>
    public const string ProtocolConflict = "ProtocolConflict";

    /// <summary>A listener's protocol is not supported (Accepted=False on the listener).</summary>
    public const string UnsupportedProtocol = "UnsupportedProtocol";

    /// <summary>A listener's port cannot be used (Accepted=False on the listener).</summary>
    public const string PortUnavailable = "PortUnavailable";

    /// <summary>Another listener on the same port has the same hostname (Conflicted=True on the listener left out).</summary>
    public const string HostnameConflict = "HostnameConflict";

    /// <summary>Conflicted=False: the listener clashes with no other.</summary>
    public const string NoConflicts = "NoConflicts";

    /// <summary>
    /// Condition type of listeners that clash with another listener; reason of routes (or policies) that claim what
    /// another already claims (the loser carries it).
    /// </summary>
    public const string Conflicted = "Conflicted";

    /// <summary>A malformed value.</summary>
    public const string Invalid = "Invalid";

    /// <summary>The Gateway has no listener that could be programmed.</summary>
    public const string ListenersNotValid = "ListenersNotValid";

    /// <summary>A Gateway's infrastructure parametersRef names something that cannot be found or is of an unsupported kind.</summary>
    public const string InvalidParameters = "InvalidParameters";

    /// <summary>A Gateway names a GatewayClass that does not exist.</summary>
    public const string GatewayClassNotFound = "GatewayClassNotFound";

    /// <summary>
    /// A generated resource breaks a rule Envoy enforces when it loads a configuration (<c>Validation.EnvoyRules</c>):
    /// the part named is left out, the rest is served.
    /// </summary>
    public const string RejectedByEnvoy = "RejectedByEnvoy";

    /// <summary>The policy's target does not exist.</summary>
    public const string TargetNotFound = "TargetNotFound";
}
