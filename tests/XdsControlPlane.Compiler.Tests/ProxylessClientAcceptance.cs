using System.Diagnostics;
using System.Text.Json;
using Google.Protobuf;
using XdsControlPlane.Compiler.Tests.Support;
using XdsControlPlane.Model;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Compiler.Tests;

/// <summary>
/// The proxyless profile of every golden case, decoded and validated by the real <c>@grpc/grpc-js-xds</c> resource
/// types (the code its client runs before ACK or NACK). Needs node and the npm package the Envoy build restores.
/// </summary>
public sealed class ProxylessClientAcceptance
{
    [Test]
    public void GrpcJsXds_AcceptsEveryProxylessResource()
    {
        var script = Path.Combine(Root(), "node", "validate-proxyless.js");
        var package = Path.Combine(Root(), "..", "..", "protos", "node_modules", "@grpc", "grpc-js-xds");
        if (!Directory.Exists(package))
        {
            Assert.Ignore("protos/node_modules is not restored (build src/XdsControlPlane.Envoy first)");
        }

        var resources = GoldenTests.Cases()
            .Select(c => (GoldenCase)c.Arguments[0]!)
            .SelectMany(c => Compiler.Compile(c.Model()).Profiles[ProfileNames.Proxyless].All())
            .Select(m => XdsResource.Create(m))
            .Select(r => new { typeUrl = r.TypeUrl, name = r.Name, base64 = Convert.ToBase64String(r.Bytes.Span) })
            .ToList();
        var file = Path.Combine(Path.GetTempPath(), $"proxyless-{Environment.ProcessId}.json");
        File.WriteAllText(file, JsonSerializer.Serialize(resources));
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", [script, file]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = node.StandardOutput.ReadToEnd() + node.StandardError.ReadToEnd();
            Assert.That(node.WaitForExit(60_000), Is.True, "node did not finish");
            Assert.That(node.ExitCode, Is.Zero, output);
            Assert.That(resources, Is.Not.Empty);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Root() => Path.GetDirectoryName(Support.Goldens.Directory("x"))![..^"/TestAssets/x".Length];
}
