using FluentValidation;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates a RequestRedirect filter.</summary>
internal sealed class RedirectFilterValidator : AbstractValidator<RedirectFilter>
{
    public RedirectFilterValidator()
    {
        RuleFor(r => r.Scheme).OneOf("scheme", "http", "https").When(r => r.Scheme is not null);
        RuleFor(r => r.Hostname).Must(h => Syntax.IsHostname(h, allowWildcard: false)).When(r => r.Hostname is not null)
            .WithMessage((_, h) => $"'{h}' is not a valid hostname").OverridePropertyName("hostname");
        RuleFor(r => r.Port).Port("port");
        // 301 and 302 are core; 303, 307 and 308 are the extended features HTTPRoute303/307/308RedirectStatusCode.
        RuleFor(r => r.StatusCode).Must(s => s is 301 or 302 or 303 or 307 or 308)
            .WithMessage((_, s) => $"must be 301, 302, 303, 307 or 308, got {s}").OverridePropertyName("statusCode");
        RuleFor(r => r.Path!).SetValidator(new PathModifierValidator()).OverridePropertyName("path");
    }
}
