namespace XdsControlPlane.Model.Policies;

/// <summary>A policy attached to a target (kind <c>XdsPolicy</c> in manifests, or a row of the policy store).</summary>
/// <param name="Ref">Identity.</param>
/// <param name="Generation">Generation or revision.</param>
/// <param name="Target">What it applies to.</param>
/// <param name="Spec">The settings; only the parts that are set apply.</param>
public sealed record PolicyModel(ObjectRef Ref, long Generation, PolicyTarget Target, PolicySpec Spec);
