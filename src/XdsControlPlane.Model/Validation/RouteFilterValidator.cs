using FluentValidation;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates one route filter: its type, the member that type needs, and that member's fields.</summary>
internal sealed class RouteFilterValidator : AbstractValidator<RouteFilter>
{
    public RouteFilterValidator()
    {
        RuleFor(f => f.Type).OneOf("type", "RequestHeaderModifier", "ResponseHeaderModifier", "RequestRedirect", "URLRewrite", "RequestMirror");
        RuleFor(f => f.RequestHeaders).NotNull().When(f => f.Type == "RequestHeaderModifier").WithMessage("is required").OverridePropertyName("requestHeaderModifier");
        RuleFor(f => f.ResponseHeaders).NotNull().When(f => f.Type == "ResponseHeaderModifier").WithMessage("is required").OverridePropertyName("responseHeaderModifier");
        RuleFor(f => f.Redirect).NotNull().When(f => f.Type == "RequestRedirect").WithMessage("is required").OverridePropertyName("requestRedirect");
        RuleFor(f => f.Rewrite).NotNull().When(f => f.Type == "URLRewrite").WithMessage("is required").OverridePropertyName("urlRewrite");
        RuleFor(f => f.Mirror).NotNull().When(f => f.Type == "RequestMirror").WithMessage("is required").OverridePropertyName("requestMirror");
        RuleFor(f => f.RequestHeaders!).SetValidator(new HeaderModifierValidator()).OverridePropertyName("requestHeaderModifier");
        RuleFor(f => f.ResponseHeaders!).SetValidator(new HeaderModifierValidator()).OverridePropertyName("responseHeaderModifier");
        RuleFor(f => f.Redirect!).SetValidator(new RedirectFilterValidator()).OverridePropertyName("requestRedirect");
        RuleFor(f => f.Rewrite!).SetValidator(new RewriteFilterValidator()).OverridePropertyName("urlRewrite");
        RuleFor(f => f.Mirror!.Percent).Must(p => p is >= 0 and <= 100).When(f => f.Mirror is not null)
            .WithMessage((_, p) => $"must be a percentage between 0 and 100, got {p}").OverridePropertyName("requestMirror.percent");
        RuleFor(f => f.Mirror!.Backend).SetValidator(new BackendRefValidator()).When(f => f.Mirror is not null).OverridePropertyName("requestMirror.backendRef");
    }
}

/// <summary>Validates a RequestHeaderModifier or ResponseHeaderModifier.</summary>
internal sealed class HeaderModifierValidator : AbstractValidator<HeaderModifier>
{
    public HeaderModifierValidator()
    {
        RuleFor(h => h.Set).AtMost(16, "set");
        RuleFor(h => h.Set).Must(Unique).WithMessage("header names must be unique").OverridePropertyName("set");
        RuleForEach(h => h.Set).Must(p => Syntax.IsHeaderName(p.Key)).WithMessage((_, p) => $"'{p.Key}' is not a valid header name").OverridePropertyName("set");
        RuleFor(h => h.Add).AtMost(16, "add");
        RuleFor(h => h.Add).Must(Unique).WithMessage("header names must be unique").OverridePropertyName("add");
        RuleForEach(h => h.Add).Must(p => Syntax.IsHeaderName(p.Key)).WithMessage((_, p) => $"'{p.Key}' is not a valid header name").OverridePropertyName("add");
        RuleFor(h => h.Remove).AtMost(16, "remove");
        RuleFor(h => h.Remove).Must(r => r.Distinct(StringComparer.OrdinalIgnoreCase).Count() == r.Count).WithMessage("header names must be unique").OverridePropertyName("remove");
        RuleForEach(h => h.Remove).Must(Syntax.IsHeaderName).WithMessage((_, n) => $"'{n}' is not a valid header name").OverridePropertyName("remove");
    }

    private static bool Unique(EquatableArray<KeyValuePair<string, string>> headers) =>
        headers.Select(h => h.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count() == headers.Count;
}

/// <summary>Validates a RequestRedirect filter.</summary>
internal sealed class RedirectFilterValidator : AbstractValidator<RedirectFilter>
{
    public RedirectFilterValidator()
    {
        RuleFor(r => r.Scheme).OneOf("scheme", "http", "https").When(r => r.Scheme is not null);
        RuleFor(r => r.Hostname).Must(h => Syntax.IsHostname(h, allowWildcard: false)).When(r => r.Hostname is not null)
            .WithMessage((_, h) => $"'{h}' is not a valid hostname").OverridePropertyName("hostname");
        RuleFor(r => r.Port).Port("port");
        RuleFor(r => r.StatusCode).Must(s => s is 301 or 302).WithMessage((_, s) => $"must be 301 or 302, got {s}").OverridePropertyName("statusCode");
        RuleFor(r => r.Path!).SetValidator(new PathModifierValidator()).OverridePropertyName("path");
    }
}

/// <summary>Validates a URLRewrite filter.</summary>
internal sealed class RewriteFilterValidator : AbstractValidator<RewriteFilter>
{
    public RewriteFilterValidator()
    {
        RuleFor(r => r.Hostname).Must(h => Syntax.IsHostname(h, allowWildcard: false)).When(r => r.Hostname is not null)
            .WithMessage((_, h) => $"'{h}' is not a valid hostname").OverridePropertyName("hostname");
        RuleFor(r => r.Path!).SetValidator(new PathModifierValidator()).OverridePropertyName("path");
        RuleFor(r => r.Hostname).Must((r, h) => h is not null || r.Path is not null).WithMessage("set hostname, path or both").OverridePropertyName("hostname");
    }
}

/// <summary>Validates a path modifier of a redirect or rewrite.</summary>
internal sealed class PathModifierValidator : AbstractValidator<PathModifier>
{
    public PathModifierValidator()
    {
        RuleFor(p => p.Type).OneOf("type", "ReplaceFullPath", "ReplacePrefixMatch");
        RuleFor(p => p.Value).Must(v => v.StartsWith('/') && v.Length <= 1024).When(p => p.Type == "ReplaceFullPath")
            .WithMessage((_, v) => $"'{v}' must start with '/'").OverridePropertyName("replaceFullPath");
        RuleFor(p => p.Value).Must(v => v.StartsWith('/') && v.Length <= 1024).When(p => p.Type == "ReplacePrefixMatch")
            .WithMessage((_, v) => $"'{v}' must start with '/'").OverridePropertyName("replacePrefixMatch");
    }
}
