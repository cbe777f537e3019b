using XdsControlPlane.Model;
using XdsControlPlane.Sources.Documents;
using XdsControlPlane.Sources.Mapping;
using XdsControlPlane.Sources.Manifests;

namespace XdsControlPlane.Sources.Tests;

/// <summary>Loads the fixtures under TestAssets/ and maps inline YAML.</summary>
internal static class Assets
{
    /// <summary>The full path of a fixture folder.</summary>
    public static string PathOf(string folder) => Path.Combine(TestContext.CurrentContext.TestDirectory, "TestAssets", folder);

    /// <summary>Loads a fixture folder as the manifest source would.</summary>
    public static ModelContext Load(string folder) => ManifestLoader.Load(PathOf(folder));

    /// <summary>Maps the single object in <paramref name="yaml"/>, as if read from <c>inline.yaml</c>.</summary>
    public static MappedObject Map(string yaml) =>
        ObjectMapper.Map((MappingNode)YamlDocumentReader.Read(yaml).Single()!, "inline.yaml");

    /// <summary>Errors as "field: message" lines, for readable assertion failures.</summary>
    public static string Describe(IEnumerable<ModelError> errors) => string.Join("\n", errors.Select(e => $"{e.Object} {e.Field}: {e.Message}"));
}
