namespace XdsControlPlane.Sources.Kubernetes.Api;

/// <summary>The API server answered with an error status (or a watch stream carried an ERROR event), or the client could not authenticate.</summary>
/// <param name="statusCode">HTTP status code, or the <c>code</c> of the Status object of a watch ERROR event; 0 when no request
/// was answered because the client could not obtain a credential.</param>
/// <param name="reason">The Status object's <c>reason</c> (<c>NotFound</c>, <c>Conflict</c>, <c>Expired</c>, ...), or empty.</param>
/// <param name="message">What the server said.</param>
internal sealed class KubernetesApiException(int statusCode, string reason, string message) : Exception(message)
{
    /// <summary>HTTP status code (410 for a resourceVersion too old to watch from).</summary>
    public int StatusCode { get; } = statusCode;

    /// <summary>The Status reason.</summary>
    public string Reason { get; } = reason;

    /// <summary>True for 410 Gone: the resourceVersion is no longer available; the caller must list again.</summary>
    public bool IsGone => StatusCode == 410;

    /// <summary>True for 404: the resource (or, on a list, the whole kind: a CRD not installed) does not exist.</summary>
    public bool IsNotFound => StatusCode == 404;

    /// <summary>True for 409: stale resourceVersion on update, or the object already exists on create.</summary>
    public bool IsConflict => StatusCode == 409;
}
