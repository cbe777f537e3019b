namespace XdsControlPlane.Model;

/// <summary>A Kubernetes Service, as far as routing needs it.</summary>
/// <param name="Ref">Identity.</param>
/// <param name="Ports">Its ports.</param>
public sealed record ServiceModel(ObjectRef Ref, EquatableArray<ServicePort> Ports);
