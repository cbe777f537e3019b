namespace XdsControlPlane.Model;

/// <summary>One port of a slice.</summary>
/// <param name="Name">Name, matching a Service port name.</param>
/// <param name="Port">Port number.</param>
/// <param name="Protocol">Protocol.</param>
public sealed record EndpointPort(string Name, int Port, string Protocol);
