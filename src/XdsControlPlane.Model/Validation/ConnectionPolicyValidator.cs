using FluentValidation;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Validation;

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
