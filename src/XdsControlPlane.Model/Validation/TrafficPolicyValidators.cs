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

/// <summary>Validates <c>spec.outlierDetection</c>.</summary>
internal sealed class OutlierDetectionPolicyValidator : AbstractValidator<OutlierDetectionPolicy>
{
    public OutlierDetectionPolicyValidator()
    {
        RuleFor(o => o.Consecutive5xx).Range("consecutive5xx", 1, int.MaxValue);
        RuleFor(o => o.ConsecutiveGatewayFailure).Range("consecutiveGatewayFailure", 1, int.MaxValue);
        RuleFor(o => o.Interval).Positive("interval");
        RuleFor(o => o.BaseEjectionTime).Positive("baseEjectionTime");
        RuleFor(o => o.MaxEjectionPercent).Range("maxEjectionPercent", 0, 100);
    }
}

/// <summary>Validates <c>spec.healthCheck</c>.</summary>
internal sealed class HealthCheckPolicyValidator : AbstractValidator<HealthCheckPolicy>
{
    public HealthCheckPolicyValidator()
    {
        RuleFor(h => h.Type).OneOf("type", "Http", "Grpc", "Tcp");
        RuleFor(h => h.Path).Must(p => p is not null && p.StartsWith('/')).When(h => h.Type == "Http")
            .WithMessage("is required for HTTP health checks and must start with '/'").OverridePropertyName("path");
        RuleFor(h => h.Path).Null().When(h => h.Type != "Http").WithMessage("applies only to HTTP health checks").OverridePropertyName("path");
        RuleFor(h => h.GrpcService).Null().When(h => h.Type != "Grpc").WithMessage("applies only to GRPC health checks").OverridePropertyName("grpcService");
        RuleFor(h => h.Interval).Positive("interval");
        RuleFor(h => h.Timeout).Positive("timeout");
        RuleFor(h => h.HealthyThreshold).Range("healthyThreshold", 1, int.MaxValue);
        RuleFor(h => h.UnhealthyThreshold).Range("unhealthyThreshold", 1, int.MaxValue);
    }
}

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

/// <summary>Validates one <c>spec.loadBalancer.hashOn</c> item.</summary>
internal sealed class HashKeyValidator : AbstractValidator<HashKey>
{
    public HashKeyValidator()
    {
        RuleFor(h => h.Type).OneOf("type", "Header", "Cookie", "SourceIp");
        RuleFor(h => h.Name).HeaderName("header").When(h => h.Type == "Header");
        RuleFor(h => h.Name).Required("header").When(h => h.Type == "Header");
        RuleFor(h => h.Name).Required("cookie.name").When(h => h.Type == "Cookie");
        RuleFor(h => h.CookieTtl).Positive("cookie.ttl");
    }
}

/// <summary>Validates <c>spec.connection</c>.</summary>
internal sealed class ConnectionPolicyValidator : AbstractValidator<ConnectionPolicy>
{
    public ConnectionPolicyValidator()
    {
        RuleFor(c => c.ConnectTimeout).Positive("connectTimeout");
        RuleFor(c => c.KeepaliveTime).Positive("keepalive.time");
        RuleFor(c => c.KeepaliveInterval).Positive("keepalive.interval");
        RuleFor(c => c.KeepaliveProbes).Range("keepalive.probes", 1, int.MaxValue);
    }
}

/// <summary>Validates <c>spec.fault</c>.</summary>
internal sealed class FaultPolicyValidator : AbstractValidator<FaultPolicy>
{
    public FaultPolicyValidator()
    {
        RuleFor(f => f.DelayPercent).Percent("delay.percent");
        RuleFor(f => f.Delay).Positive("delay.fixedDelay");
        RuleFor(f => f.Delay).NotNull().When(f => f.DelayPercent is not null).WithMessage("is required with delay.percent").OverridePropertyName("delay.fixedDelay");
        RuleFor(f => f.DelayPercent).NotNull().When(f => f.Delay is not null).WithMessage("is required with delay.fixedDelay").OverridePropertyName("delay.percent");
        RuleFor(f => f.AbortPercent).Percent("abort.percent");
        RuleFor(f => f.AbortPercent).NotNull().When(f => f.AbortHttpStatus is not null || f.AbortGrpcStatus is not null)
            .WithMessage("is required with abort.httpStatus or abort.grpcStatus").OverridePropertyName("abort.percent");
        RuleFor(f => f.AbortHttpStatus).Range("abort.httpStatus", 200, 599);
        RuleFor(f => f.AbortGrpcStatus).Range("abort.grpcStatus", 0, 16);
        RuleFor(f => f.AbortHttpStatus).Must((f, s) => (s is null) != (f.AbortGrpcStatus is null))
            .When(f => f.AbortPercent is not null || f.AbortHttpStatus is not null || f.AbortGrpcStatus is not null)
            .WithMessage("set exactly one of abort.httpStatus and abort.grpcStatus").OverridePropertyName("abort");
        RuleFor(f => f.DelayPercent).Must((f, _) => f.Delay is not null || f.DelayPercent is not null || f.AbortPercent is not null || f.AbortHttpStatus is not null || f.AbortGrpcStatus is not null)
            .WithMessage("set delay, abort or both").OverridePropertyName("delay");
    }
}
