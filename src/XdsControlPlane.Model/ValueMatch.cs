namespace XdsControlPlane.Model;

/// <summary>A header or query parameter match.</summary>
/// <param name="Type">Exact or RegularExpression.</param>
/// <param name="Name">Header or parameter name.</param>
/// <param name="Value">Value or pattern.</param>
public sealed record ValueMatch(string Type, string Name, string Value);
