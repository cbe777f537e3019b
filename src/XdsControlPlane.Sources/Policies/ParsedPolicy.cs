using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Sources.Policies;

/// <summary>A valid policy read from a request: identity, the mapped model, and what the store keeps.</summary>
/// <param name="Namespace">Namespace.</param>
/// <param name="Name">Name.</param>
/// <param name="Model">The mapped and validated policy.</param>
/// <param name="SpecJson">The spec as compact JSON.</param>
/// <param name="Sections">The sections it sets, as stored in <see cref="PolicyRecord.Sections"/>.</param>
internal sealed record ParsedPolicy(string Namespace, string Name, PolicyModel Model, string SpecJson, string Sections);
