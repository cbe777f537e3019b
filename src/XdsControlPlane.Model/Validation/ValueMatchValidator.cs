using System.Text.RegularExpressions;
using FluentValidation;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates a header or query parameter match.</summary>
internal sealed class ValueMatchValidator : AbstractValidator<ValueMatch>
{
    public ValueMatchValidator(bool header)
    {
        RuleFor(v => v.Type).OneOf("type", "Exact", "RegularExpression");
        RuleFor(v => v.Name).Required("name");
        if (header)
        {
            RuleFor(v => v.Name).HeaderName("name");
        }
        else
        {
            RuleFor(v => v.Name).Must(n => n.Length <= 256).WithMessage("must be at most 256 characters").OverridePropertyName("name");
        }

        RuleFor(v => v.Value).Must(Syntax.IsRegex).When(v => v.Type == "RegularExpression")
            .WithMessage((_, v) => $"'{v}' is not a valid regular expression").OverridePropertyName("value");
        RuleFor(v => v.Value).Must(v => v.Length <= 4096).WithMessage("must be at most 4096 characters").OverridePropertyName("value");
    }
}
