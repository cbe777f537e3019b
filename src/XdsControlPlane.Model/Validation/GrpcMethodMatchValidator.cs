using System.Text.RegularExpressions;
using FluentValidation;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates a GRPCRoute method match.</summary>
internal sealed partial class GrpcMethodMatchValidator : AbstractValidator<GrpcMethodMatch>
{
    public GrpcMethodMatchValidator()
    {
        RuleFor(g => g.Type).OneOf("type", "Exact", "RegularExpression");
        RuleFor(g => g.Service).Must((g, s) => s is not null || g.Method is not null).When(g => g.Type == "Exact")
            .WithMessage("an Exact method match needs service, method or both").OverridePropertyName("service");
        RuleFor(g => g.Service).Must(s => ServicePattern().IsMatch(s!)).When(g => g.Type == "Exact" && g.Service is not null)
            .WithMessage((_, s) => $"'{s}' is not a fully qualified gRPC service name").OverridePropertyName("service");
        RuleFor(g => g.Method).Must(m => MethodPattern().IsMatch(m!)).When(g => g.Type == "Exact" && g.Method is not null)
            .WithMessage((_, m) => $"'{m}' is not a gRPC method name").OverridePropertyName("method");
        RuleFor(g => g.Service).Must(Syntax.IsRegex).When(g => g.Type == "RegularExpression" && g.Service is not null)
            .WithMessage((_, s) => $"'{s}' is not a valid regular expression").OverridePropertyName("service");
        RuleFor(g => g.Method).Must(Syntax.IsRegex).When(g => g.Type == "RegularExpression" && g.Method is not null)
            .WithMessage((_, m) => $"'{m}' is not a valid regular expression").OverridePropertyName("method");
    }

    [GeneratedRegex("^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$")]
    private static partial Regex ServicePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z_0-9]*$")]
    private static partial Regex MethodPattern();
}
