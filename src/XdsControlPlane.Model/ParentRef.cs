namespace XdsControlPlane.Model;

/// <summary>A route's parentRef: a Gateway (optionally one listener or port), or a Service (mesh, proxyless gRPC).</summary>
/// <param name="Kind"><c>Gateway</c> or <c>Service</c>.</param>
/// <param name="Namespace">Namespace (defaults to the route's).</param>
/// <param name="Name">Name.</param>
/// <param name="SectionName">Optional listener name (Gateway) or port name (Service).</param>
/// <param name="Port">Optional port.</param>
public sealed record ParentRef(string Kind, string Namespace, string Name, string? SectionName, int? Port);
