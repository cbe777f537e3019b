using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Tests.Cases;

/// <summary>A golden case: a model built in code, and a short statement of what its goldens show.</summary>
/// <param name="Name">Folder under TestAssets.</param>
/// <param name="Shows">What a reviewer should find in the goldens.</param>
/// <param name="Model">Builds the model.</param>
internal sealed record GoldenCase(string Name, string Shows, Func<ModelContext> Model)
{
    public override string ToString() => Name;
}
