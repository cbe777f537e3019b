using FluentValidation;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Validation;

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
