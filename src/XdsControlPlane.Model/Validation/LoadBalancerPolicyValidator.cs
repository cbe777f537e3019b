using FluentValidation;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates <c>spec.loadBalancer</c>.</summary>
internal sealed class LoadBalancerPolicyValidator : AbstractValidator<LoadBalancerPolicy>
{
    private static readonly string[] _hashing = ["RingHash", "Maglev"];

    public LoadBalancerPolicyValidator()
    {
        RuleFor(l => l.Type).OneOf("type", "RoundRobin", "LeastRequest", "Random", "RingHash", "Maglev");
        RuleFor(l => l.HashOn).Must(h => h.Count > 0).When(l => _hashing.Contains(l.Type))
            .WithMessage((l, _) => $"is required for {l.Type}: name a header, a cookie or sourceIP").OverridePropertyName("hashOn");
        RuleFor(l => l.HashOn).Must(h => h.Count == 0).When(l => !_hashing.Contains(l.Type))
            .WithMessage((l, _) => $"applies only to RingHash and Maglev, not {l.Type}").OverridePropertyName("hashOn");
        RuleForEach(l => l.HashOn).SetValidator(new HashKeyValidator()).OverridePropertyName("hashOn");
    }
}
