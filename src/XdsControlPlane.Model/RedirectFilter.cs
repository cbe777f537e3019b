namespace XdsControlPlane.Model;

/// <summary>A redirect.</summary>
/// <param name="Scheme">New scheme.</param>
/// <param name="Hostname">New host.</param>
/// <param name="Path">New path (ReplaceFullPath or ReplacePrefixMatch).</param>
/// <param name="Port">New port.</param>
/// <param name="StatusCode">301, 302, 303, 307 or 308 (default 302).</param>
public sealed record RedirectFilter(string? Scheme, string? Hostname, PathModifier? Path, int? Port, int StatusCode);
