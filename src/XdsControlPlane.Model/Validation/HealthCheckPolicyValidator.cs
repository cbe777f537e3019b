using FluentValidation;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Validation;

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
