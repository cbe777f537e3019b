using Google.Protobuf;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>A generated resource that breaks an <see cref="EnvoyRule"/>, and what was left out so the rest is served.</summary>
/// <param name="Rule">The rule broken.</param>
/// <param name="Resource">The resource as generated (before anything was left out).</param>
/// <param name="Path">Proto field path in <paramref name="Resource"/> of the offending part (<c>virtual_hosts[0].routes[2]</c>).</param>
/// <param name="Message">What is wrong, naming the values.</param>
/// <param name="LeftOut">What was left out: <c>route</c>, <c>virtual host</c>, <c>filter chain</c>, <c>listener</c>, <c>cluster</c>.</param>
/// <param name="SourceField">
/// The source object's field when it is more precise than the one the resource name gives: <c>hostnames</c> (of the
/// route), <c>filters</c> (of the rule); null to use the resource's own origin.
/// </param>
public sealed record EnvoyRuleViolation(EnvoyRule Rule, IMessage Resource, string Path, string Message, string LeftOut, string? SourceField = null);
