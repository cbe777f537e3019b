namespace XdsControlPlane.Testing.Fuzzing;

/// <summary>The outcome of a <see cref="MutationFuzzer"/> run.</summary>
/// <param name="Runs">How many inputs were tried.</param>
/// <param name="Findings">One finding per distinct failure (exception type and throwing method).</param>
public sealed record FuzzReport(int Runs, IReadOnlyList<FuzzFinding> Findings)
{
    /// <summary>Every finding, for an assertion message.</summary>
    public override string ToString() => $"{Runs} inputs, {Findings.Count} findings" + string.Concat(Findings.Select(f => "\n\n" + f));
}
