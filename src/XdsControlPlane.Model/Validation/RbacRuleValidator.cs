using FluentValidation;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates one RBAC rule.</summary>
internal sealed class RbacRuleValidator : AbstractValidator<RbacRule>
{
    public RbacRuleValidator()
    {
        RuleForEach(r => r.Principals).Must(p => !string.IsNullOrEmpty(p)).WithMessage("must not be empty").OverridePropertyName("principals");
        RuleForEach(r => r.Headers).ChildRules(h =>
        {
            h.RuleFor(v => v.Name).HeaderName("name");
            h.RuleFor(v => v.Name).Required("name");
        }).OverridePropertyName("headers");
        RuleForEach(r => r.SourceCidrs).Must(Syntax.IsCidr)
            .WithMessage((_, c) => $"'{c}' is not an address range like 10.0.0.0/8 or 2001:db8::/32").OverridePropertyName("sourceCIDRs");
    }
}
