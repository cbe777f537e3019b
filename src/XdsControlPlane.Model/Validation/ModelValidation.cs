using FluentValidation;
using FluentValidation.Results;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Model.Validation;

/// <summary>
/// Checks an object on its own, without the rest of the model: ranges, syntax, combinations. Every error is reported,
/// with a field path relative to the object (<c>spec.retry.attempts</c>). Cross-object checks (a backend exists, two
/// routes conflict) belong to the compiler.
/// </summary>
public static class ModelValidation
{
    private static readonly PolicyModelValidator _policy = new();
    private static readonly HttpRouteValidator _route = new();
    private static readonly GatewayValidator _gateway = new();
    private static readonly ReferenceGrantValidator _referenceGrant = new();
    private static readonly GatewayClassValidator _gatewayClass = new();

    /// <summary>Validates a policy's target and every section of its spec.</summary>
    public static IReadOnlyList<ModelError> Validate(PolicyModel policy) => Errors(policy.Ref, _policy.Validate(policy));

    /// <summary>Validates an HTTPRoute or GRPCRoute's structure.</summary>
    public static IReadOnlyList<ModelError> Validate(HttpRouteModel route) => Errors(route.Ref, _route.Validate(route));

    /// <summary>Validates a Gateway's listeners.</summary>
    public static IReadOnlyList<ModelError> Validate(GatewayModel gateway) => Errors(gateway.Ref, _gateway.Validate(gateway));

    /// <summary>Validates a ReferenceGrant's from and to entries.</summary>
    public static IReadOnlyList<ModelError> Validate(ReferenceGrantModel grant) => Errors(grant.Ref, _referenceGrant.Validate(grant));

    /// <summary>Validates a GatewayClass's controllerName.</summary>
    public static IReadOnlyList<ModelError> Validate(GatewayClassModel gatewayClass) => Errors(gatewayClass.Ref, _gatewayClass.Validate(gatewayClass));

    private static IReadOnlyList<ModelError> Errors(ObjectRef target, ValidationResult result) =>
        [.. result.Errors.Select(e => new ModelError(target, e.PropertyName, e.ErrorMessage))];
}
