using FluentValidation;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates a whole policy: its target and its spec (paths like <c>spec.retry.attempts</c>).</summary>
internal sealed class PolicyModelValidator : AbstractValidator<PolicyModel>
{
    /// <summary>Kinds a policy can target.</summary>
    public static readonly string[] TargetKinds = ["Service", "Gateway", "HTTPRoute", "GRPCRoute"];

    public PolicyModelValidator()
    {
        RuleFor(p => p.Target.Kind).OneOf("spec.targetRef.kind", TargetKinds);
        RuleFor(p => p.Target.Name).Required("spec.targetRef.name");
        RuleFor(p => p.Target.SectionName).Must(s => s!.Length > 0).When(p => p.Target.SectionName is not null)
            .WithMessage("must not be empty").OverridePropertyName("spec.targetRef.sectionName");
        RuleFor(p => p.Spec).Must(PolicySpecValidator.HasAnySection)
            .WithMessage("set at least one of retry, timeout, circuitBreaker, outlierDetection, healthCheck, loadBalancer, connection, "
                + "rateLimit, cors, jwt, extAuthz, rbac, fault, tls").OverridePropertyName("spec");
        RuleFor(p => p.Spec).SetValidator(new PolicySpecValidator()).OverridePropertyName("spec");
    }
}
