namespace XdsControlPlane.Compiler.Encodings;

/// <summary>
/// One encoding variant of the proxyless profile: the same configuration in a form some client releases accept, or
/// without a feature they break on. Published as the profile <c>proxyless@&lt;Name&gt;</c>; which nodes get it is decided
/// from their user agent by <c>XdsControlPlane.Xds.Protocol.EncodingVariants</c>, under the same names.
/// </summary>
/// <param name="Name">The variant's name, the suffix of its profile.</param>
/// <param name="Clients">The client kinds and releases it is for, as warnings and documentation name them.</param>
/// <param name="Changes">What it changes.</param>
/// <param name="Why">Why those clients need it: what they do with the standard encoding.</param>
public sealed record ClientEncoding(string Name, string Clients, EncodingChanges Changes, string Why)
{
    /// <summary>Whether the variant makes <paramref name="change"/>.</summary>
    public bool Makes(EncodingChanges change) => (Changes & change) == change;

    /// <inheritdoc />
    public override string ToString() => Name;
}
