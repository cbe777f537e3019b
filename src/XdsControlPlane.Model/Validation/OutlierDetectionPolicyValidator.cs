using FluentValidation;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Validation;

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
