using FluentValidation;

namespace XdsControlPlane.Model.Validation;

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
