namespace XdsControlPlane.Model.Policies;

/// <summary>A policy target.</summary>
/// <param name="Kind"><c>Service</c>, <c>Gateway</c>, <c>HTTPRoute</c> or <c>GRPCRoute</c>.</param>
/// <param name="Namespace">Namespace (defaults to the policy's).</param>
/// <param name="Name">Name.</param>
/// <param name="SectionName">A Service port name or number, a Gateway listener name, or a route rule name.</param>
public sealed record PolicyTarget(string Kind, string Namespace, string Name, string? SectionName);
