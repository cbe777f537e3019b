using FluentValidation;

namespace XdsControlPlane.Model.Validation;

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
