using System.Text.Json;
using FluentValidation;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Validation;

/// <summary>Validates one JWT provider.</summary>
internal sealed class JwtProviderValidator : AbstractValidator<JwtProvider>
{
    public JwtProviderValidator()
    {
        RuleFor(p => p.Name).Required("name");
        RuleFor(p => p.Issuer).Required("issuer");
        RuleForEach(p => p.Audiences).Must(a => !string.IsNullOrEmpty(a)).WithMessage("must not be empty").OverridePropertyName("audiences");
        RuleFor(p => p.JwksInline).Must((p, inline) => (inline is null) != (p.JwksUri is null))
            .WithMessage("set exactly one of jwks.inline and jwks.uri").OverridePropertyName("jwks");
        RuleFor(p => p.JwksInline).Must(IsJwks).When(p => p.JwksInline is not null)
            .WithMessage("must be a JSON Web Key Set: a JSON object with a 'keys' array").OverridePropertyName("jwks.inline");
        RuleFor(p => p.JwksUri).Must(Syntax.IsHttpUri).When(p => p.JwksUri is not null)
            .WithMessage((_, u) => $"'{u}' is not an absolute http(s) URI").OverridePropertyName("jwks.uri");
        RuleFor(p => p.JwksBackend).NotNull().When(p => p.JwksUri is not null)
            .WithMessage("is required with jwks.uri: the Service that serves it").OverridePropertyName("jwks.backendRef");
        RuleFor(p => p.JwksBackend).Null().When(p => p.JwksUri is null)
            .WithMessage("applies only with jwks.uri").OverridePropertyName("jwks.backendRef");
        RuleFor(p => p.JwksBackend!).SetValidator(new ServiceRefValidator()).OverridePropertyName("jwks.backendRef");
        RuleFor(p => p.ForwardPayloadHeader).HeaderName("forwardPayloadHeader");
    }

    private static bool IsJwks(string? json)
    {
        try
        {
            using var document = JsonDocument.Parse(json ?? "");
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("keys", out var keys) && keys.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
