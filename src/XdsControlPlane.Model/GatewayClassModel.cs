namespace XdsControlPlane.Model;

/// <summary>
/// A Gateway API <c>gateway.networking.k8s.io/v1</c> GatewayClass (cluster-scoped: its namespace is empty). Gateways
/// name one by <c>spec.gatewayClassName</c>; the class's controller decides who serves them.
/// </summary>
/// <param name="Ref">Identity.</param>
/// <param name="Generation">metadata.generation, echoed as observedGeneration in status.</param>
/// <param name="ControllerName">spec.controllerName: the controller that serves Gateways of this class.</param>
public sealed record GatewayClassModel(ObjectRef Ref, long Generation, string ControllerName);
