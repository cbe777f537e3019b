using System.Text.RegularExpressions;
using FluentValidation;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates one route match (HTTP path, headers, query parameters, method; or a gRPC method).</summary>
internal sealed partial class RouteMatchValidator : AbstractValidator<RouteMatch>
{
    public RouteMatchValidator()
    {
        RuleFor(m => m.Path!.Type).OneOf("path.type", "Exact", "PathPrefix", "RegularExpression").When(m => m.Path is not null);
        RuleFor(m => m.Path!.Value).Must(IsPath).When(m => m.Path is { Type: "Exact" or "PathPrefix" })
            .WithMessage((_, v) => $"'{v}' must start with '/' and must not contain '//', '/./', '/../', '%2f', '%2F' or '#'").OverridePropertyName("path.value");
        RuleFor(m => m.Path!.Value).Must(Syntax.IsRegex).When(m => m.Path is { Type: "RegularExpression" })
            .WithMessage((_, v) => $"'{v}' is not a valid regular expression").OverridePropertyName("path.value");
        RuleFor(m => m.Headers).AtMost(16, "headers");
        RuleFor(m => m.Headers).Must(UniqueIgnoringCase).WithMessage("header names must be unique within a match").OverridePropertyName("headers");
        RuleForEach(m => m.Headers).SetValidator(new ValueMatchValidator(header: true)).OverridePropertyName("headers");
        RuleFor(m => m.QueryParams).AtMost(16, "queryParams");
        RuleFor(m => m.QueryParams).Must(m => m.Select(v => v.Name).Distinct(StringComparer.Ordinal).Count() == m.Count)
            .WithMessage("query parameter names must be unique within a match").OverridePropertyName("queryParams");
        RuleForEach(m => m.QueryParams).SetValidator(new ValueMatchValidator(header: false)).OverridePropertyName("queryParams");
        RuleFor(m => m.Method).Must(m => Syntax.HttpMethods.Contains(m!)).When(m => m.Method is not null)
            .WithMessage((_, m) => $"'{m}' is not an HTTP method ({string.Join(", ", Syntax.HttpMethods)})").OverridePropertyName("method");
        RuleFor(m => m.Grpc!).SetValidator(new GrpcMethodMatchValidator()).OverridePropertyName("method");
    }

    private static bool UniqueIgnoringCase(EquatableArray<ValueMatch> matches) =>
        matches.Select(v => v.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() == matches.Count;

    private static bool IsPath(string value) =>
        value.StartsWith('/') && value.Length <= 1024 && !ForbiddenPathPart().IsMatch(value) && !value.EndsWith("/..", StringComparison.Ordinal)
        && !value.EndsWith("/.", StringComparison.Ordinal);

    [GeneratedRegex("//|/\\./|/\\.\\./|%2[fF]|#")]
    private static partial Regex ForbiddenPathPart();
}

/// <summary>Validates a header or query parameter match.</summary>
internal sealed class ValueMatchValidator : AbstractValidator<ValueMatch>
{
    public ValueMatchValidator(bool header)
    {
        RuleFor(v => v.Type).OneOf("type", "Exact", "RegularExpression");
        RuleFor(v => v.Name).Required("name");
        if (header)
        {
            RuleFor(v => v.Name).HeaderName("name");
        }
        else
        {
            RuleFor(v => v.Name).Must(n => n.Length <= 256).WithMessage("must be at most 256 characters").OverridePropertyName("name");
        }

        RuleFor(v => v.Value).Must(Syntax.IsRegex).When(v => v.Type == "RegularExpression")
            .WithMessage((_, v) => $"'{v}' is not a valid regular expression").OverridePropertyName("value");
        RuleFor(v => v.Value).Must(v => v.Length <= 4096).WithMessage("must be at most 4096 characters").OverridePropertyName("value");
    }
}

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
