namespace XdsControlPlane.Model;

/// <summary>A rewrite.</summary>
/// <param name="Hostname">New Host header.</param>
/// <param name="Path">New path.</param>
public sealed record RewriteFilter(string? Hostname, PathModifier? Path);
