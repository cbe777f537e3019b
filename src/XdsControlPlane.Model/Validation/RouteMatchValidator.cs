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
