using XdsControlPlane.Compiler.Encodings;
using XdsControlPlane.Compiler.Tests.Support;
using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Tests;

/// <summary>Each golden case compiled and compared, profile by profile, with its reviewed expected JSON.</summary>
public sealed class GoldenTests
{
    internal static IEnumerable<TestCaseData> Cases() => GoldenCase.All().Select(c => new TestCaseData(c).SetName($"Golden_{c.Name}"));

    [TestCaseSource(nameof(Cases))]
    public void MatchesGoldens(object testCase)
    {
        var golden = (GoldenCase)testCase;
        var model = golden.Model();
        Assert.That(model.SourceErrors.Select(e => e.ToString()), Is.Empty, "the case's input must read cleanly: what the compiler reports is the point");
        var result = Compiler.Compile(model);
        var written = new List<string>();
        foreach (var (name, profile) in result.Profiles)
        {
            var file = Goldens.FileName(name);
            written.Add(file);
            Goldens.Check(golden.Name, file, EnvoyJson.Profile(profile));
        }

        // Each encoding variant as the resources it changes (none: no file).
        var proxyless = result.Profiles[ProfileNames.Proxyless];
        foreach (var encoding in ClientEncodings.All)
        {
            var routes = proxyless.RouteConfigurations.Select(r => EncodingRewriter.Rewrite(r, encoding)).OfType<Envoy.Config.Route.V3.RouteConfiguration>().ToList();
            var clusters = proxyless.Clusters.Select(c => EncodingRewriter.Rewrite(c, encoding)).OfType<Envoy.Config.Cluster.V3.Cluster>().ToList();
            if (routes.Count + clusters.Count > 0)
            {
                var variant = ClientEncodings.Profile(ProfileNames.Proxyless, encoding);
                written.Add(Goldens.FileName(variant));
                Goldens.Check(golden.Name, Goldens.FileName(variant), EnvoyJson.Profile(new ProfileResources(variant, [], routes, clusters, [], [])));
            }
        }

        written.Add("report.json");
        Goldens.Check(golden.Name, "report.json", EnvoyJson.Report(result));
        Assert.That(Goldens.Existing(golden.Name).Except(written), Is.Empty, "golden files for profiles that are no longer produced");
    }
}
