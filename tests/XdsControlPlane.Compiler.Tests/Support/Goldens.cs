using System.Reflection;

namespace XdsControlPlane.Compiler.Tests.Support;

/// <summary>
/// Golden files under <c>TestAssets/&lt;case&gt;/expected/</c>: one per profile (slashes in the profile name become
/// <c>_</c>) plus <c>report.json</c> (errors and statuses). <c>UPDATE_GOLDENS=1</c> rewrites them; review every rewrite.
/// </summary>
internal static class Goldens
{
    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_GOLDENS") == "1";

    public static string Directory(string testCase) => Path.Combine(Root(), testCase, "expected");

    public static string FileName(string profile) => profile.Replace('/', '_') + ".json";

    /// <summary>Compares <paramref name="actual"/> with the golden file (or rewrites it), failing with both texts' first difference.</summary>
    public static void Check(string testCase, string file, string actual)
    {
        var path = Path.Combine(Directory(testCase), file);
        if (Updating)
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.That(File.Exists(path), Is.True, $"golden {path} is missing; run with UPDATE_GOLDENS=1 and review it");
        var expected = File.ReadAllText(path);
        if (expected != actual)
        {
            var (e, a) = (expected.Split('\n'), actual.Split('\n'));
            var line = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
            Assert.Fail($"{testCase}/{file} differs at line {line + 1}:\n expected: {(line < e.Length ? e[line] : "<end>")}\n actual:   {(line < a.Length ? a[line] : "<end>")}");
        }
    }

    /// <summary>Golden files present for a case (to catch profiles that disappeared).</summary>
    public static IEnumerable<string> Existing(string testCase) =>
        System.IO.Directory.Exists(Directory(testCase)) ? System.IO.Directory.GetFiles(Directory(testCase), "*.json").Select(Path.GetFileName).OfType<string>() : [];

    /// <summary>The <c>TestAssets</c> folder in the source tree.</summary>
    public static string Root() => typeof(Goldens).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestAssets").Value!;
}
