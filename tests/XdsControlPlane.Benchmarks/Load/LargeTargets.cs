using System.Text.Json.Nodes;

namespace XdsControlPlane.Benchmarks.Load;

/// <summary>
/// The targets of a <c>large</c> run (issue 14: 1,000 services, 5,000 gateway proxies, SotW and delta), judged from its
/// report: an endpoint change ACKed by all with p99 under 1 s and under 2 KiB per proxy, a route change under 2 s,
/// every proxy from connect to first full configuration within 30 s, under 64 KiB per idle stream.
/// </summary>
internal static class LargeTargets
{
    private const double EndpointP99Ms = 1_000;
    private const double RouteP99Ms = 2_000;
    private const double EndpointBytesPerProxy = 2 * 1024;
    private const double RampSeconds = 30;
    private const double MemoryBytes = 64 * 1024;

    public static JsonObject Judge(JsonObject report)
    {
        var updates = (report["updates"] as JsonArray ?? []).Select(u => u!.AsObject()).ToArray();
        var endpoint = updates.Where(u => u["trigger"]?.GetValue<string>() == "endpoint").ToArray();
        var route = updates.Where(u => u["trigger"]?.GetValue<string>() == "route").ToArray();
        var memory = new[] { "memoryPerStream", "memoryPerStreamAfterIdle" }
            .Select(key => report[key]?["workingSetBytes"]?.GetValue<double>())
            .Where(value => value is not null)
            .DefaultIfEmpty(double.MaxValue)
            .Max() ?? double.MaxValue;
        return new JsonObject
        {
            ["endpointP99Under1s"] = Met(endpoint, u => u["p99Ms"]!.GetValue<double>() <= EndpointP99Ms),
            ["routeP99Under2s"] = Met(route, u => u["p99Ms"]!.GetValue<double>() <= RouteP99Ms),
            ["endpointUnder2KiBPerProxy"] = Met(endpoint, u => u["bytesPerStreamMax"]!.GetValue<double>() <= EndpointBytesPerProxy),
            ["allConfiguredWithin30s"] = report["streamsFailed"]?.GetValue<int>() == 0
                && report["rampSeconds"]?.GetValue<double>() <= RampSeconds,
            ["workingSetUnder64KiBPerStream"] = memory < MemoryBytes,
        };
    }

    /// <summary>Null when no update of that kind ran; otherwise every one ACKed by all and meeting the test.</summary>
    private static bool? Met(JsonObject[] updates, Func<JsonObject, bool> test) =>
        updates.Length == 0 ? null : updates.All(u => u["missing"]!.GetValue<int>() == 0 && test(u));
}
