namespace XdsControlPlane.Model;

/// <summary>One Service port.</summary>
/// <param name="Name">Port name (may be empty when the Service has one port).</param>
/// <param name="Port">Service port number.</param>
/// <param name="TargetPort">Target port number, or null when it names a container port.</param>
/// <param name="Protocol">TCP, UDP or SCTP.</param>
/// <param name="AppProtocol">Application protocol hint (e.g. <c>kubernetes.io/h2c</c>, <c>grpc</c>).</param>
public sealed record ServicePort(string Name, int Port, int? TargetPort, string Protocol, string? AppProtocol);
