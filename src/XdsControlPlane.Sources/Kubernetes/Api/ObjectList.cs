using System.Text.Json;

namespace XdsControlPlane.Sources.Kubernetes.Api;

/// <summary>One page of a list.</summary>
/// <param name="ResourceVersion">The list's resourceVersion: watch from here after the last page.</param>
/// <param name="Continue">Token for the next page, or null on the last.</param>
/// <param name="Items">The objects.</param>
internal sealed record ObjectList(string ResourceVersion, string? Continue, IReadOnlyList<JsonElement> Items);
