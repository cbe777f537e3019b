namespace XdsControlPlane.Testing.Fuzzing;

/// <summary>An input the target failed on in a way its contract does not allow.</summary>
/// <param name="Input">The input (the smallest seen with this failure).</param>
/// <param name="Exception">What the target threw.</param>
/// <param name="SavedTo">Where the input was written, or null.</param>
public sealed record FuzzFinding(byte[] Input, Exception Exception, string? SavedTo)
{
    /// <summary>The failure, where the input was saved, and the input itself in base64 when it is short.</summary>
    public override string ToString() =>
        $"{Exception.GetType().Name}: {Exception.Message} (input of {Input.Length} bytes{(SavedTo is null ? "" : $", saved to {SavedTo}")}"
        + (Input.Length <= 512 ? $", base64 {Convert.ToBase64String(Input)})" : ")") + $"\n{Exception.StackTrace}";
}
