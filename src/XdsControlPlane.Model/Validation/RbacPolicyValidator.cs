using FluentValidation;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates <c>spec.rbac</c>.</summary>
internal sealed class RbacPolicyValidator : AbstractValidator<RbacPolicy>
{
    public RbacPolicyValidator()
    {
        RuleFor(r => r.Action).OneOf("action", "Allow", "Deny");
        RuleFor(r => r.Rules).Must(r => r.Count > 0).WithMessage("must hold at least one rule").OverridePropertyName("rules");
        RuleForEach(r => r.Rules).Must(r => r.Principals.Count + r.Headers.Count + r.SourceCidrs.Count > 0)
            .WithMessage("must set principals, headers or sourceCIDRs (an empty rule would match everything)").OverridePropertyName("rules");
        RuleForEach(r => r.Rules).SetValidator(new RbacRuleValidator()).OverridePropertyName("rules");
    }
}
