using FluentValidation;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates <c>spec.timeout</c>.</summary>
internal sealed class TimeoutPolicyValidator : AbstractValidator<TimeoutPolicy>
{
    public TimeoutPolicyValidator()
    {
        RuleFor(t => t.Request).Positive("request");
        RuleFor(t => t.Idle).Positive("idle");
    }
}
