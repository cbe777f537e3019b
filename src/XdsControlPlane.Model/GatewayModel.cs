namespace XdsControlPlane.Model;

/// <summary>A Gateway API <c>gateway.networking.k8s.io/v1</c> Gateway.</summary>
/// <param name="Ref">Identity.</param>
/// <param name="Generation">metadata.generation, echoed as observedGeneration in status.</param>
/// <param name="ClassName">spec.gatewayClassName.</param>
/// <param name="Listeners">spec.listeners.</param>
/// <param name="ParametersRef">spec.infrastructure.parametersRef (kind qualified by its group, <c>group/Kind</c>, in the
/// Gateway's namespace), when set: no kind of infrastructure parameters is supported, so it rejects the Gateway.</param>
public sealed record GatewayModel(ObjectRef Ref, long Generation, string ClassName, EquatableArray<GatewayListener> Listeners, ObjectRef? ParametersRef = null);
