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
