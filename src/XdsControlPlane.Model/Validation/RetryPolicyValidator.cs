using FluentValidation;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates <c>spec.retry</c>.</summary>
internal sealed class RetryPolicyValidator : AbstractValidator<RetryPolicy>
{
    /// <summary>Retry conditions: Envoy's HTTP ones and the gRPC status ones.</summary>
    public static readonly string[] Conditions =
    [
        "5xx", "gateway-error", "reset", "connect-failure", "retriable-status-codes",
        "cancelled", "deadline-exceeded", "unavailable", "resource-exhausted", "internal",
    ];

    public RetryPolicyValidator()
    {
        RuleFor(r => r.Attempts).Range("attempts", 1, 10);
        RuleFor(r => r.PerTryTimeout).Positive("perTryTimeout");
        RuleFor(r => r.On).Must(on => on.Count > 0).WithMessage("must name at least one retry condition").OverridePropertyName("on");
        RuleForEach(r => r.On).Must(c => Conditions.Contains(c, StringComparer.Ordinal))
            .WithMessage((_, c) => $"unknown retry condition '{c}' (known: {string.Join(", ", Conditions)})").OverridePropertyName("on");
        RuleForEach(r => r.RetriableStatusCodes).Must(s => s is >= 200 and <= 599)
            .WithMessage((_, s) => $"must be an HTTP status between 200 and 599, got {s}").OverridePropertyName("retriableStatusCodes");
        RuleFor(r => r.RetriableStatusCodes)
            .Must((r, codes) => codes.Count == 0 || r.On.Contains("retriable-status-codes"))
            .WithMessage("is used only with the 'retriable-status-codes' condition in 'on'").OverridePropertyName("retriableStatusCodes");
        RuleFor(r => r.On)
            .Must((r, on) => !on.Contains("retriable-status-codes") || r.RetriableStatusCodes.Count > 0)
            .WithMessage("'retriable-status-codes' needs retriableStatusCodes").OverridePropertyName("on");
        RuleFor(r => r.BackoffBase).Positive("backoff.baseInterval");
        RuleFor(r => r.BackoffBase).NotNull().When(r => r.BackoffMax is not null)
            .WithMessage("is required when backoff.maxInterval is set").OverridePropertyName("backoff.baseInterval");
        RuleFor(r => r.BackoffMax).Positive("backoff.maxInterval");
        RuleFor(r => r.BackoffMax).Must((r, max) => max is null || r.BackoffBase is null || max >= r.BackoffBase)
            .WithMessage("must not be less than backoff.baseInterval").OverridePropertyName("backoff.maxInterval");
    }
}
