using System.Diagnostics;
using XdsControlPlane.Compiler.Tests.Support;
using static XdsControlPlane.Compiler.Tests.Support.ModelBuilder;

namespace XdsControlPlane.Compiler.Tests;

public sealed class ScaleSmoke
{
    [Test, Explicit("timing belongs in benchmarks; run by hand")]
    public void TenThousandServicesAndRoutes()
    {
        var builder = new ModelBuilder().Gateway("default", "gw", Http("web", 80));
        for (var i = 0; i < 10_000; i++)
        {
            builder.Service("default", $"s{i}", ("http", 80));
            builder.Slice("default", $"s{i}-a", $"s{i}", "http", 80, Enumerable.Range(0, 10).Select(j => Ready($"10.{i / 256}.{i % 256}.{j}", $"z{j % 3}")).ToArray());
            builder.Route(HttpRoute("default", $"r{i}", [Gw("gw"), Svc($"s{i}")], [$"h{i}.example.com"], Rule([Prefix($"/p{i}")], Backend($"s{i}", 80))));
        }

        var model = builder.Build();
        for (var run = 0; run < 3; run++)
        {
            var watch = Stopwatch.StartNew();
            var result = Compiler.Compile(model);
            TestContext.Out.WriteLine($"compile: {watch.ElapsedMilliseconds} ms, {result.Profiles.Values.Sum(p => p.All().Count())} resources");
        }
    }
}
