using System.Text.Json;
using System.Text.Json.Nodes;

namespace XdsControlPlane.Sources.Kubernetes.Api;

/// <summary>
/// The few Kubernetes API calls the control plane makes: list (one page), watch, read one object, patch a status
/// subresource, and read/create/replace a Lease. The seam between the informers (and the status writer and leader elector) and KubernetesClient (<see cref="KubernetesApi"/>), in the
/// terms they need: raw JSON objects, resourceVersions, and <see cref="KubernetesApiException"/> for what the server refused.
/// </summary>
internal interface IKubernetesApi
{
    /// <summary>Lists one page of <paramref name="type"/>.</summary>
    /// <exception cref="KubernetesApiException">The server refused (404: the kind is not installed; 410: the continue token expired).</exception>
    Task<ObjectList> ListAsync(ResourceType type, ListRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Watches <paramref name="type"/> from <paramref name="request"/>'s resourceVersion, with bookmarks. Ends when the
    /// server closes the stream (a normal timeout: watch again from the last version seen).
    /// </summary>
    /// <exception cref="KubernetesApiException">The server refused, or sent an ERROR event (410: list again).</exception>
    IAsyncEnumerable<WatchEvent> WatchAsync(ResourceType type, ListRequest request, CancellationToken cancellationToken);

    /// <summary>Reads one object; null when it does not exist.</summary>
    Task<JsonElement?> GetAsync(ResourceType type, string? ns, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="patch"/> (a JSON merge patch such as <c>{"status":{...}}</c>) to the object's status
    /// subresource. A patch carrying <c>metadata.resourceVersion</c> applies only to that version of the object.
    /// </summary>
    /// <exception cref="KubernetesApiException">409 Conflict: the object's resourceVersion is no longer the one in the patch.</exception>
    Task PatchStatusAsync(ResourceType type, string ns, string name, JsonObject patch, CancellationToken cancellationToken);

    /// <summary>Reads a Lease; null when it does not exist.</summary>
    Task<Lease?> GetLeaseAsync(string ns, string name, CancellationToken cancellationToken);

    /// <summary>Creates a Lease. 409 when another replica created it first.</summary>
    Task<Lease> CreateLeaseAsync(Lease lease, CancellationToken cancellationToken);

    /// <summary>Replaces a Lease if its resourceVersion is still current; 409 when someone else wrote it since.</summary>
    Task<Lease> UpdateLeaseAsync(Lease lease, CancellationToken cancellationToken);
}
