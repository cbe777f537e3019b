namespace XdsControlPlane.Model;

/// <summary>
/// A Gateway API ReferenceGrant: consent, given in the namespace of the objects it names in <see cref="To"/>, that
/// objects of the kinds and namespaces in <see cref="From"/> may reference them. Without one, a route or Gateway may
/// only reference objects in its own namespace.
/// </summary>
/// <param name="Ref">Identity (its namespace is the namespace of the referenced objects).</param>
/// <param name="From">spec.from: who may reference.</param>
/// <param name="To">spec.to: what may be referenced.</param>
public sealed record ReferenceGrantModel(ObjectRef Ref, EquatableArray<ReferenceGrantFrom> From, EquatableArray<ReferenceGrantTo> To);
