using FluentValidation;

namespace XdsControlPlane.Model.Validation;

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
