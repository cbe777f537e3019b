namespace XdsControlPlane.Model;

/// <summary>One entry of a ReferenceGrant's <c>spec.from</c>.</summary>
/// <param name="Group">API group of the referencing kind (<c>gateway.networking.k8s.io</c>; empty for the core group).</param>
/// <param name="Kind">Referencing kind, e.g. <c>HTTPRoute</c>.</param>
/// <param name="Namespace">Namespace of the referencing objects.</param>
public sealed record ReferenceGrantFrom(string Group, string Kind, string Namespace);
