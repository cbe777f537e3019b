namespace XdsControlPlane.Model;

/// <summary>A route filter; exactly the member named by <see cref="Type"/> is set.</summary>
/// <param name="Type">RequestHeaderModifier, ResponseHeaderModifier, RequestRedirect, URLRewrite or RequestMirror.</param>
/// <param name="RequestHeaders">For RequestHeaderModifier.</param>
/// <param name="ResponseHeaders">For ResponseHeaderModifier.</param>
/// <param name="Redirect">For RequestRedirect.</param>
/// <param name="Rewrite">For URLRewrite.</param>
/// <param name="Mirror">For RequestMirror.</param>
public sealed record RouteFilter(
    string Type,
    HeaderModifier? RequestHeaders = null,
    HeaderModifier? ResponseHeaders = null,
    RedirectFilter? Redirect = null,
    RewriteFilter? Rewrite = null,
    MirrorFilter? Mirror = null);

/// <summary>Header changes.</summary>
/// <param name="Set">Headers set (replacing).</param>
/// <param name="Add">Headers appended.</param>
/// <param name="Remove">Header names removed.</param>
public sealed record HeaderModifier(
    EquatableArray<KeyValuePair<string, string>> Set,
    EquatableArray<KeyValuePair<string, string>> Add,
    EquatableArray<string> Remove);

/// <summary>A redirect.</summary>
/// <param name="Scheme">New scheme.</param>
/// <param name="Hostname">New host.</param>
/// <param name="Path">New path (ReplaceFullPath or ReplacePrefixMatch).</param>
/// <param name="Port">New port.</param>
/// <param name="StatusCode">301 or 302 (default 302).</param>
public sealed record RedirectFilter(string? Scheme, string? Hostname, PathModifier? Path, int? Port, int StatusCode);

/// <summary>A rewrite.</summary>
/// <param name="Hostname">New Host header.</param>
/// <param name="Path">New path.</param>
public sealed record RewriteFilter(string? Hostname, PathModifier? Path);

/// <summary>A path change.</summary>
/// <param name="Type">ReplaceFullPath or ReplacePrefixMatch.</param>
/// <param name="Value">The replacement.</param>
public sealed record PathModifier(string Type, string Value);

/// <summary>Request mirroring.</summary>
/// <param name="Backend">Where to mirror.</param>
/// <param name="Percent">Share of requests mirrored, 0–100 (default 100).</param>
public sealed record MirrorFilter(BackendRef Backend, double Percent);
