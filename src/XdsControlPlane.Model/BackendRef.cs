namespace XdsControlPlane.Model;

/// <summary>A route backend: a Service port with a weight.</summary>
/// <param name="Kind">Kind; only <c>Service</c> is supported (others are reported as InvalidKind).</param>
/// <param name="Namespace">Namespace (defaults to the route's).</param>
/// <param name="Name">Service name.</param>
/// <param name="Port">Service port.</param>
/// <param name="Weight">Relative weight (default 1; 0 sends no traffic).</param>
public sealed record BackendRef(string Kind, string Namespace, string Name, int? Port, int Weight);
