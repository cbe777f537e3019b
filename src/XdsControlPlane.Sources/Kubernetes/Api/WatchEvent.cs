using System.Text.Json;

namespace XdsControlPlane.Sources.Kubernetes.Api;

/// <summary>One watch event.</summary>
/// <param name="Type">ADDED, MODIFIED, DELETED or BOOKMARK (ERROR events are thrown as <see cref="KubernetesApiException"/>).</param>
/// <param name="Object">The object (for a bookmark, only its metadata.resourceVersion is meaningful).</param>
internal sealed record WatchEvent(string Type, JsonElement Object);
