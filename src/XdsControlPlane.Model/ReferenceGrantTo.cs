namespace XdsControlPlane.Model;

/// <summary>One entry of a ReferenceGrant's <c>spec.to</c>.</summary>
/// <param name="Group">API group of the referenced kind (empty for the core group: Service, Secret).</param>
/// <param name="Kind">Referenced kind, e.g. <c>Service</c>.</param>
/// <param name="Name">The one object that may be referenced, or null for every object of the kind in the grant's namespace.</param>
public sealed record ReferenceGrantTo(string Group, string Kind, string? Name);
