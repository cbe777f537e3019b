namespace XdsControlPlane.Model;

/// <summary>A path change.</summary>
/// <param name="Type">ReplaceFullPath or ReplacePrefixMatch.</param>
/// <param name="Value">The replacement.</param>
public sealed record PathModifier(string Type, string Value);
