namespace XdsControlPlane.Testing.Kubernetes;

/// <summary>A request the simulated API server received.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path.</param>
/// <param name="Query">Query parameters.</param>
/// <param name="ContentType">Content-Type, if any.</param>
/// <param name="Body">Body text (empty for GET).</param>
/// <param name="Authorization">The Authorization header, if any.</param>
/// <param name="ClientCertificate">The subject of the client certificate the caller presented over TLS, if any.</param>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string? ContentType, string Body, string? Authorization, string? ClientCertificate = null)
{
    /// <summary>A query parameter, or null.</summary>
    public string? this[string parameter] => Query.GetValueOrDefault(parameter);

    /// <summary>True for a watch request.</summary>
    public bool IsWatch => this["watch"] is "true" or "1";

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Path}{(Query.Count == 0 ? "" : "?" + string.Join('&', Query.Select(q => $"{q.Key}={q.Value}")))}";
}
