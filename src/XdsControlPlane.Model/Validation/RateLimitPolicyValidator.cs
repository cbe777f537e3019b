using FluentValidation;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates <c>spec.rateLimit</c>.</summary>
internal sealed class RateLimitPolicyValidator : AbstractValidator<RateLimitPolicy>
{
    public RateLimitPolicyValidator()
    {
        RuleFor(r => r.Requests).Range("requests", 1, int.MaxValue);
        RuleFor(r => r.Per).Positive("per");
        RuleFor(r => r.Burst).Range("burst", 1, int.MaxValue);
    }
}
