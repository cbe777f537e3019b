namespace XdsControlPlane.Model;

/// <summary>A GRPCRoute method match.</summary>
/// <param name="Type">Exact or RegularExpression.</param>
/// <param name="Service">Fully qualified service, or null for any.</param>
/// <param name="Method">Method, or null for any.</param>
public sealed record GrpcMethodMatch(string Type, string? Service, string? Method);
