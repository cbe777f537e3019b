using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using XdsControlPlane.Sources.Documents;
using XdsControlPlane.Sources.Manifests;
using XdsControlPlane.Sources.Tests.Manifests;
using XdsControlPlane.Testing.Fuzzing;

namespace XdsControlPlane.Sources.Tests.Fuzz;

/// <summary>
/// Fuzzing the manifest reader (YAML and JSON), the mappers behind it and the directory loader with its last-known-good
/// bookkeeping: mutated corpus files (Fuzz/corpus/manifests) are written into a watched-style directory one after the
/// other, and every reload must give a model, never an exception. Plus FsCheck properties of the document readers.
/// Bounded for CI; tests/README.md says how to run a long session.
/// </summary>
[Category("Fuzz")]
public sealed class ManifestFuzzTests
{
    /// <summary>Syntax the mutations insert: YAML and JSON structure, anchors, tags, document markers, manifest keys.</summary>
    public static readonly string[] Tokens =
    [
        "[", "]", "{", "}", ": ", "- ", ", ", "\n", "\n  ", "---\n", "...\n", "&a ", "*a", "!!str ", "!!binary ", "? ", "|\n", ">-\n",
        "\"", "'", "#", "%YAML 1.2\n", "\\u0000", "\t", "\uFEFF", "kind: List\nitems:\n", "apiVersion: v1\n", "kind: Service\n",
        "metadata: {name: x}\n", "spec:\n", "<<: *a\n", "null", "~", "1e999", "-0", "0x1F", "true", "\"\\ud800\"", "\"\\U0010FFFF\"",
    ];

    private TempDirectory _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = new TempDirectory("fuzz");

    [TearDown]
    public void DeleteDirectory() => _dir.Dispose();

    [Test]
    public void MutatedManifests_AlwaysReloadToAModel()
    {
        var loader = new ManifestLoader(_dir.Manifests);
        loader.Reload();
        var fuzzer = MutationFuzzer.FromEnvironment(MutationFuzzer.LoadCorpus(Corpus("manifests")), Tokens, iterations: 1_500,
            budget: TimeSpan.FromSeconds(15), findings: Path.Combine(TestContext.CurrentContext.WorkDirectory, "fuzz-findings", "manifests"));

        var report = fuzzer.Run(input =>
        {
            // The same file name each time (so each input is an edit of the last), in YAML or JSON by its first byte.
            var path = _dir.Write(input.Length > 0 && input[0] == '{' ? "fuzz.json" : "fuzz.yaml", input);
            loader.Reload(changedPaths: [path]);
            File.Delete(path);
            loader.Reload(changedPaths: [path]);
        });

        Assert.That(report.Findings, Is.Empty, report.ToString());
        TestContext.Out.WriteLine($"{report.Runs} inputs");
    }

    [Test]
    public void AnyText_ReadsAsYaml_OrFailsWithAPosition() =>
        Prop.ForAll(Texts().ToArbitrary(), text =>
        {
            try
            {
                YamlDocumentReader.Read(text);
            }
            catch (DocumentParseException e)
            {
                return e.Line >= 1;
            }

            return true;
        }).QuickCheckThrowOnFailure();

    [Test]
    public void AnyJsonValue_ReadsTheSameAsJsonAndAsYaml() =>
        Prop.ForAll(JsonTrees().ToArbitrary(), tree =>
        {
            var json = tree?.ToJsonString() ?? "null";
            var fromJson = DocumentJson.Write(JsonDocumentReader.Read(Encoding.UTF8.GetBytes(json)));
            var fromYaml = DocumentJson.Write(YamlDocumentReader.Read(json).Single() ?? new ScalarNode(0, 0, ScalarKind.Null, ""));
            return (fromJson == fromYaml).Label($"{json}\nas JSON: {fromJson}\nas YAML: {fromYaml}");
        }).QuickCheckThrowOnFailure();

    /// <summary>The corpus folder <paramref name="name"/> as copied next to the test assembly.</summary>
    public static string Corpus(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fuzz", "corpus", name);

    // Text made of YAML syntax and a few letters, so most inputs are almost YAML.
    private static Gen<string> Texts() =>
        Gen.Elements([.. Tokens, "a", "b", "1", " ", "x: y", "é"]).ListOf().Select(parts => string.Concat(parts));

    // JSON values a few levels deep: objects with distinct keys, arrays, strings with escapes, numbers, booleans, null.
    private static Gen<JsonNode?> JsonTrees() => Gen.Sized(size => Tree(Math.Min(size, 6)));

    private static Gen<JsonNode?> Tree(int depth)
    {
        var text = Gen.Elements("", "a", "b c", "quote\"d", "back\\slash", "new\nline", "tab\t", "é", "1", "true", "null", "- x", ": y", "#z");
        var leaf = Gen.OneOf(
            text.Select(s => (JsonNode?)JsonValue.Create(s)),
            Gen.Choose(-1000, 1000).Select(i => (JsonNode?)JsonValue.Create(i)),
            Gen.Elements(true, false).Select(b => (JsonNode?)JsonValue.Create(b)),
            Gen.Constant<JsonNode?>(null));
        if (depth <= 0)
        {
            return leaf;
        }

        var child = Tree(depth - 1);
        var array = child.ListOf(4).Select(items => (JsonNode?)new JsonArray([.. items]));
        var obj = Gen.Zip(text.ListOf(4), child.ListOf(4)).Select(kv =>
        {
            var result = new JsonObject();
            foreach (var (key, value) in kv.Item1.Distinct().Zip(kv.Item2))
            {
                result[key] = value;
            }

            return (JsonNode?)result;
        });
        return Gen.Frequency((2, leaf), (1, array), (2, obj));
    }
}
