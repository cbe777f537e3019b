using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace XdsControlPlane.Benchmarks.Load;

/// <summary>Renders the report of a load run as a few human-readable lines (the JSON line follows it).</summary>
internal static class Summary
{
    public static string Render(JsonObject r)
    {
        var text = new StringBuilder();
        var options = r["options"];
        Line(text, $"=== xDS load: {options?["Protocol"]} ADS, {options?["Streams"]} streams requested, {options?["Services"]} services ({r["server"]?["resources"]} resources), {options?["Updates"]} updates ===");
        if (r["error"] is { } error)
        {
            Line(text, $"ERROR: {error}");
        }

        if (r["timedOut"]?.GetValue<bool>() == true)
        {
            Line(text, $"TIMED OUT: figures below are partial; {r["streamsConfiguredAtTimeout"]} streams were configured and open at the timeout.");
        }

        if (r["streamsHeld"] is { } held)
        {
            Line(text, $"streams held (initial config ACKed, still open after settling): {held}; failed {r["streamsFailed"]}; retried connections {r["connectAttemptsBeyondFirst"]}");
            Line(text, $"ramp-up: {r["rampSeconds"]} s ({r["rampStreamsPerSecond"]} streams/s), server CPU {r["rampServerCpuMs"]} ms; " +
                $"per proxy from connect to first full configuration p50 {r["connectToConfiguredMs"]?["p50"]} ms, p99 {r["connectToConfiguredMs"]?["p99"]} ms");
        }

        if (r["failureSamples"] is JsonArray samples)
        {
            foreach (var sample in samples)
            {
                Line(text, $"  failure: {sample}");
            }
        }

        if (r["memoryPerStream"] is { } memory)
        {
            Line(text, $"server memory per idle stream: managed {Kib(memory["managedBytes"])}, working set {Kib(memory["workingSetBytes"])}, private {Kib(memory["privateBytes"])}");
            var before = r["serverBaseline"];
            var after = r["serverAfterRamp"];
            Line(text, $"  server before: managed {Mib(before?["managedBytes"])}, working set {Mib(before?["workingSetBytes"])}; after ramp: managed {Mib(after?["managedBytes"])}, working set {Mib(after?["workingSetBytes"])}, threads {after?["threads"]}");
        }

        foreach (var (name, label) in new[] { ("memoryPerStreamAfterUpdates", "after the updates"), ("memoryPerStreamAfterIdle", "after the final idle period") })
        {
            if (r[name] is { } later)
            {
                Line(text, $"server memory per stream {label}: managed {Kib(later["managedBytes"])}, working set {Kib(later["workingSetBytes"])}, private {Kib(later["privateBytes"])}");
            }
        }

        if (r["initialPush"] is { } initial)
        {
            Line(text, $"initial push per stream: {initial["bytesPerStream"]} B in all, EDS {initial["edsBytesPerStream"]} B");
        }

        if (r["updates"] is JsonArray updates)
        {
            foreach (var u in updates)
            {
                Line(text, $"update {u!["update"]} ({u["changed"]}): {u["acked"]}/{u["target"]} ACKed, p50 {u["p50Ms"]} ms, p99 {u["p99Ms"]} ms, max {u["maxMs"]} ms; " +
                    $"{(u["trigger"]?.GetValue<string>() == "route" ? "RDS" : "EDS")} {u["bytesPerStreamMean"]} B/stream (max {u["bytesPerStreamMax"]}; {u["resourcesPerResponseMin"]}-{u["resourcesPerResponseMax"]} resources); " +
                    $"CPU server {u["serverCpuMs"]} ms ({u["serverCpuUsPerProxy"]} us per proxy), load generator {u["loadGeneratorCpuMs"]} ms, softirq {u["softIrqCpuMs"]} ms, other processes {u["otherProcessesCpuMs"]} ms; server ledger: {u["serverView"]?["acked"]} ACKs, p99 {u["serverView"]?["p99Ms"]} ms; " +
                    $"version mismatches {u["versionMismatches"]}, other-type responses {u["otherTypeResponses"]}");
            }
        }

        if (r["overall"] is { } overall)
        {
            Line(text, $"overall ACK latency over {overall["acks"]} stream-updates: p50 {overall["p50Ms"]} ms, p99 {overall["p99Ms"]} ms, max {overall["maxMs"]} ms");
        }

        if (r["initialPush"]?["edsBytesPerStream"] is { } initialEds && r["updates"] is JsonArray all
            && all.Where(u => u!["trigger"]?.GetValue<string>() != "route").ToArray() is { Length: > 0 } endpointUpdates)
        {
            var mean = endpointUpdates.Average(u => u!["bytesPerStreamMean"]!.GetValue<double>());
            var ratio = initialEds.GetValue<double>() == 0 ? 0 : mean / initialEds.GetValue<double>();
            Line(text, $"EDS bytes per update per stream: {mean:F0} B = {ratio:P1} of the initial EDS push ({initialEds} B)");
        }

        if (r["serializations"] is { } s)
        {
            Line(text, $"XdsResource.Serializations: baseline {s["baseline"]}, after ramp {s["afterRamp"]} (+{s["growthDuringRamp"]}), after updates {s["afterUpdates"]} (+{s["growthDuringUpdates"]} for {s["changedResources"]} changed resources)");
        }

        if (r["targets"] is JsonObject targets)
        {
            Line(text, "targets: " + string.Join(", ", targets.Select(t => $"{t.Key} {(t.Value is null ? "not measured" : t.Value.GetValue<bool>() ? "MET" : "MISSED")}")));
        }

        return text.ToString().TrimEnd();
    }

    private static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');

    private static string Kib(JsonNode? bytes) =>
        bytes is null ? "?" : (bytes.GetValue<double>() / 1024).ToString("F1", CultureInfo.InvariantCulture) + " KiB";

    private static string Mib(JsonNode? bytes) =>
        bytes is null ? "?" : (bytes.GetValue<long>() / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) + " MiB";
}
