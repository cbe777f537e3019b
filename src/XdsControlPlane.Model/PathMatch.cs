namespace XdsControlPlane.Model;

/// <summary>A path match.</summary>
/// <param name="Type">Exact, PathPrefix or RegularExpression.</param>
/// <param name="Value">The path or pattern.</param>
public sealed record PathMatch(string Type, string Value);
