using XdsControlPlane.Model;
using XdsControlPlane.Sources.Manifests;

namespace XdsControlPlane.Compiler.Tests.Support;

/// <summary>
/// A golden case: a folder <c>TestAssets/&lt;name&gt;/</c> holding <c>input/</c> (manifests as a user writes them, read
/// by the manifest source's own loader), <c>README.md</c> (what a reviewer should find in the goldens) and
/// <c>expected/</c> (see <see cref="Goldens"/>). A new case is a new folder.
/// </summary>
/// <param name="Name">The folder's name.</param>
/// <param name="Shows">What the case shows (its README).</param>
internal sealed record GoldenCase(string Name, string Shows)
{
    /// <summary>Every case folder, by name.</summary>
    public static IEnumerable<GoldenCase> All() =>
        Directory.GetDirectories(Goldens.Root())
            .Where(d => Directory.Exists(Path.Combine(d, "input")))
            .Select(d => new GoldenCase(Path.GetFileName(d), File.ReadAllText(Path.Combine(d, "README.md")).Trim()))
            .OrderBy(c => c.Name, StringComparer.Ordinal);

    /// <summary>The model the manifest source reads from the case's <c>input/</c>.</summary>
    public ModelContext Model() => ManifestLoader.Load(Path.Combine(Goldens.Root(), Name, "input"), generation: 1);

    public override string ToString() => Name;
}
