namespace XdsControlPlane.Sources.Kubernetes.Informers;

/// <summary>How an informer lists and watches.</summary>
/// <param name="Namespace">One namespace, or null for all (and for cluster-scoped kinds).</param>
/// <param name="LabelSelector">Label selector, or null.</param>
/// <param name="PageSize">Objects per list page.</param>
/// <param name="InitialBackoff">First retry delay after a failure.</param>
/// <param name="MaxBackoff">Longest retry delay.</param>
/// <param name="FieldSelector">Field selector, or null (Secrets: only <c>type=kubernetes.io/tls</c> is worth sending).</param>
internal sealed record InformerOptions(string? Namespace, string? LabelSelector, int PageSize, TimeSpan InitialBackoff, TimeSpan MaxBackoff, string? FieldSelector = null);
