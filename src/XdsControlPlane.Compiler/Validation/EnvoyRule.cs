namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// One rule Envoy enforces when it loads a configuration, beyond the <c>validate</c> annotations of its protos: a
/// resource that breaks it is NACKed as a whole. See <see cref="EnvoyRules"/> for all of them.
/// </summary>
/// <param name="Id">Short stable name, used in messages and tests.</param>
/// <param name="Statement">What Envoy requires.</param>
/// <param name="Source">Where Envoy states it: source file (and the message it rejects with) or documentation.</param>
public sealed record EnvoyRule(string Id, string Statement, string Source)
{
    /// <inheritdoc />
    public override string ToString() => Id;
}
