using FluentValidation;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates every section of a <see cref="PolicySpec"/> (paths relative to <c>spec</c>).</summary>
internal sealed class PolicySpecValidator : AbstractValidator<PolicySpec>
{
    public PolicySpecValidator()
    {
        RuleFor(s => s.Retry!).SetValidator(new RetryPolicyValidator()).OverridePropertyName("retry");
        RuleFor(s => s.Timeout!).SetValidator(new TimeoutPolicyValidator()).OverridePropertyName("timeout");
        RuleFor(s => s.Timeout).Must(t => t is null || t.Request is not null || t.Idle is not null)
            .WithMessage("set request, idle or both").OverridePropertyName("timeout");
        RuleFor(s => s.CircuitBreaker!).SetValidator(new CircuitBreakerPolicyValidator()).OverridePropertyName("circuitBreaker");
        RuleFor(s => s.CircuitBreaker).Must(c => c is null || c.MaxConnections is not null || c.MaxPendingRequests is not null || c.MaxRequests is not null || c.MaxRetries is not null)
            .WithMessage("set at least one threshold").OverridePropertyName("circuitBreaker");
        RuleFor(s => s.OutlierDetection!).SetValidator(new OutlierDetectionPolicyValidator()).OverridePropertyName("outlierDetection");
        RuleFor(s => s.HealthCheck!).SetValidator(new HealthCheckPolicyValidator()).OverridePropertyName("healthCheck");
        RuleFor(s => s.LoadBalancer!).SetValidator(new LoadBalancerPolicyValidator()).OverridePropertyName("loadBalancer");
        RuleFor(s => s.Connection!).SetValidator(new ConnectionPolicyValidator()).OverridePropertyName("connection");
        RuleFor(s => s.RateLimit!).SetValidator(new RateLimitPolicyValidator()).OverridePropertyName("rateLimit");
        RuleFor(s => s.Cors!).SetValidator(new CorsPolicyValidator()).OverridePropertyName("cors");
        RuleFor(s => s.Jwt!).SetValidator(new JwtPolicyValidator()).OverridePropertyName("jwt");
        RuleFor(s => s.ExtAuthz!).SetValidator(new ExtAuthzPolicyValidator()).OverridePropertyName("extAuthz");
        RuleFor(s => s.Rbac!).SetValidator(new RbacPolicyValidator()).OverridePropertyName("rbac");
        RuleFor(s => s.Fault!).SetValidator(new FaultPolicyValidator()).OverridePropertyName("fault");
        RuleFor(s => s.Tls!).SetValidator(new UpstreamTlsPolicyValidator()).OverridePropertyName("tls");
    }

    /// <summary>Whether any section is set.</summary>
    public static bool HasAnySection(PolicySpec spec) =>
        spec.Retry is not null || spec.Timeout is not null || spec.CircuitBreaker is not null || spec.OutlierDetection is not null
        || spec.HealthCheck is not null || spec.LoadBalancer is not null || spec.Connection is not null || spec.RateLimit is not null
        || spec.Cors is not null || spec.Jwt is not null || spec.ExtAuthz is not null || spec.Rbac is not null || spec.Fault is not null
        || spec.Tls is not null;
}
