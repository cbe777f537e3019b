using FluentValidation;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates <c>spec.circuitBreaker</c>.</summary>
internal sealed class CircuitBreakerPolicyValidator : AbstractValidator<CircuitBreakerPolicy>
{
    public CircuitBreakerPolicyValidator()
    {
        RuleFor(c => c.MaxConnections).Range("maxConnections", 1, int.MaxValue);
        RuleFor(c => c.MaxPendingRequests).Range("maxPendingRequests", 1, int.MaxValue);
        RuleFor(c => c.MaxRequests).Range("maxRequests", 1, int.MaxValue);
        RuleFor(c => c.MaxRetries).Range("maxRetries", 0, int.MaxValue);
    }
}
