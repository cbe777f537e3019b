namespace XdsControlPlane.Sources.Kubernetes.Api;

/// <summary>Scoping and paging of a list or watch.</summary>
/// <param name="Namespace">One namespace, or null for all.</param>
/// <param name="LabelSelector">A label selector (<c>app=web,tier!=db</c>), or null.</param>
/// <param name="Limit">Page size for lists (0: no limit).</param>
/// <param name="Continue">The continue token of the previous page.</param>
/// <param name="ResourceVersion">Watch from this version.</param>
/// <param name="FieldSelector">A field selector (<c>type=kubernetes.io/tls</c>), or null.</param>
internal sealed record ListRequest(string? Namespace, string? LabelSelector, int Limit = 0, string? Continue = null, string? ResourceVersion = null, string? FieldSelector = null);
