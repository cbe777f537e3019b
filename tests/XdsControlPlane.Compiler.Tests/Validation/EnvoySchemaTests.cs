using System.Text.Json;
using Envoy.Config.Bootstrap.V3;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using XdsControlPlane.Compiler.Tests.Support;
using XdsControlPlane.Compiler.Validation;

namespace XdsControlPlane.Compiler.Tests.Validation;

/// <summary>
/// No Envoy binary can run here, so the Envoy profile is checked as far as Envoy's own schema goes: every compiled
/// resource of every golden case, and the sample bootstrap, pass the validate rules Envoy enforces, and every typed
/// config names a type the Envoy API defines.
/// </summary>
public sealed class EnvoySchemaTests
{
    [TestCaseSource(typeof(GoldenTests), nameof(GoldenTests.Cases))]
    public void CompiledResourcesPassEnvoysRulesAndNameKnownTypes(object testCase)
    {
        var result = Compiler.Compile(((GoldenCase)testCase).Model());
        var problems = new List<string>();
        foreach (var (profile, resources) in result.Profiles)
        {
            foreach (var bad in ProtoConstraints.Envoy.CheckAll(resources.All()))
            {
                problems.AddRange(bad.Violations.Select(v => $"{profile} {bad.Message.Descriptor.Name} #{bad.Index}: {v}"));
            }

            foreach (var message in resources.All())
            {
                problems.AddRange(UnknownTypeUrls(message).Select(url => $"{profile} {message.Descriptor.Name}: unknown typed config {url}"));
            }
        }

        Assert.That(problems, Is.Empty);
    }

    private static IEnumerable<TestCaseData> Bootstraps() =>
    [
        new TestCaseData("samples/quickstart/envoy/bootstrap.yaml").SetName("TheSampleEnvoyBootstrapParsesAsABootstrapAndPassesEnvoysRules"),
        new TestCaseData("deploy/envoy/bootstrap-mtls.yaml").SetName("TheDeployEnvoyBootstrapParsesAsABootstrapAndPassesEnvoysRules"),
    ];

    [TestCaseSource(nameof(Bootstraps))]
    public void EnvoyBootstrapParsesAndPassesEnvoysRules(string file)
    {
        var path = Path.Combine([RepositoryRoot(), .. file.Split('/')]);
        var yaml = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(path));
        var parser = new JsonParser(JsonParser.Settings.Default.WithTypeRegistry(TypeUrlCatalog.Envoy.Registry));

        var bootstrap = parser.Parse<Bootstrap>(JsonSerializer.Serialize(yaml));

        Assert.That(bootstrap.Node.Metadata.Fields["gateway"].StringValue, Is.EqualTo("default/public"), "the bootstrap selects the sample Gateway's profile");
        Assert.That(bootstrap.DynamicResources.AdsConfig.GrpcServices.Single().EnvoyGrpc.ClusterName, Is.EqualTo("xds_control_plane"));
        Assert.That(ProtoConstraints.Envoy.Check(bootstrap), Is.Empty);
        Assert.That(UnknownTypeUrls(bootstrap), Is.Empty);
    }

    [Test]
    public void TheDeployEnvoyBootstrapPresentsItsCertificateToTheXdsCluster()
    {
        var path = Path.Combine(RepositoryRoot(), "deploy", "envoy", "bootstrap-mtls.yaml");
        var yaml = new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object>(File.ReadAllText(path));
        var parser = new JsonParser(JsonParser.Settings.Default.WithTypeRegistry(TypeUrlCatalog.Envoy.Registry));

        var cluster = parser.Parse<Bootstrap>(JsonSerializer.Serialize(yaml)).StaticResources.Clusters.Single(c => c.Name == "xds_control_plane");
        var tls = cluster.TransportSocket.TypedConfig.Unpack<Envoy.Extensions.TransportSockets.Tls.V3.UpstreamTlsContext>().CommonTlsContext;

        Assert.That(tls.TlsCertificates.Single().CertificateChain.Filename, Is.EqualTo("/etc/envoy/xds-tls/tls.crt"));
        Assert.That(tls.TlsCertificates.Single().PrivateKey.Filename, Is.EqualTo("/etc/envoy/xds-tls/tls.key"));
        Assert.That(tls.ValidationContext.TrustedCa.Filename, Is.EqualTo("/etc/envoy/xds-tls/ca.crt"));
        Assert.That(tls.AlpnProtocols, Is.EqualTo(new[] { "h2" }));
    }

    [Test]
    public void UnknownTypeUrlsAreFound()
    {
        var listener = new Envoy.Config.Listener.V3.Listener { Name = "l" };
        listener.ListenerFilters.Add(new Envoy.Config.Listener.V3.ListenerFilter
        {
            Name = "x",
            TypedConfig = new Any { TypeUrl = "type.googleapis.com/made.up.Type", Value = ByteString.Empty },
        });

        Assert.That(UnknownTypeUrls(listener), Is.EqualTo(new[] { "type.googleapis.com/made.up.Type" }));
    }

    /// <summary>Every Any in <paramref name="message"/> (recursively, inside known Anys too) whose type the Envoy API does not define.</summary>
    private static IEnumerable<string> UnknownTypeUrls(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType != FieldType.Message)
            {
                continue;
            }

            var value = field.Accessor.GetValue(message);
            var children = field.IsMap
                ? ((System.Collections.IDictionary)value).Values.OfType<IMessage>()
                : field.IsRepeated ? ((System.Collections.IEnumerable)value).OfType<IMessage>()
                : value is IMessage single ? [single] : [];
            foreach (var child in children)
            {
                if (child is Any any)
                {
                    if (TypeUrlCatalog.Envoy.Find(any.TypeUrl) is { } descriptor)
                    {
                        foreach (var nested in UnknownTypeUrls(descriptor.Parser.ParseFrom(any.Value)))
                        {
                            yield return nested;
                        }
                    }
                    else
                    {
                        yield return any.TypeUrl;
                    }
                }
                else
                {
                    foreach (var nested in UnknownTypeUrls(child))
                    {
                        yield return nested;
                    }
                }
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "XdsControlPlane.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
