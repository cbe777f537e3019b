using FluentValidation;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Validation;

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
