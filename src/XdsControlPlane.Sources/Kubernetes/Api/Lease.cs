using System.Globalization;
using System.Text.Json.Nodes;

namespace XdsControlPlane.Sources.Kubernetes.Api;

/// <summary>The fields of a <c>coordination.k8s.io/v1</c> Lease that leader election reads and writes.</summary>
/// <param name="Namespace">Namespace.</param>
/// <param name="Name">Name.</param>
/// <param name="ResourceVersion">Version read (null when creating): a replace succeeds only if it is still current.</param>
/// <param name="HolderIdentity">Who holds it, or null.</param>
/// <param name="LeaseDurationSeconds">How long a holder that stops renewing keeps it.</param>
/// <param name="AcquireTime">When the holder took it.</param>
/// <param name="RenewTime">When the holder last renewed it.</param>
/// <param name="LeaseTransitions">How many times it changed hands.</param>
internal sealed record Lease(
    string Namespace,
    string Name,
    string? ResourceVersion,
    string? HolderIdentity,
    int LeaseDurationSeconds,
    DateTimeOffset? AcquireTime,
    DateTimeOffset? RenewTime,
    int LeaseTransitions)
{
    // MicroTime: RFC 3339 with microseconds, as the API server writes it.
    private const string MicroTime = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <summary>The Lease as the API expects it.</summary>
    public JsonObject ToJson()
    {
        var metadata = new JsonObject { ["name"] = Name, ["namespace"] = Namespace };
        if (ResourceVersion is not null)
        {
            metadata["resourceVersion"] = ResourceVersion;
        }

        var spec = new JsonObject { ["leaseDurationSeconds"] = LeaseDurationSeconds, ["leaseTransitions"] = LeaseTransitions };
        if (HolderIdentity is not null)
        {
            spec["holderIdentity"] = HolderIdentity;
        }

        if (AcquireTime is { } acquired)
        {
            spec["acquireTime"] = acquired.UtcDateTime.ToString(MicroTime, CultureInfo.InvariantCulture);
        }

        if (RenewTime is { } renewed)
        {
            spec["renewTime"] = renewed.UtcDateTime.ToString(MicroTime, CultureInfo.InvariantCulture);
        }

        return new JsonObject { ["apiVersion"] = "coordination.k8s.io/v1", ["kind"] = "Lease", ["metadata"] = metadata, ["spec"] = spec };
    }

    /// <summary>Reads a Lease returned by the API.</summary>
    public static Lease FromJson(JsonNode json)
    {
        var metadata = json["metadata"];
        var spec = json["spec"];
        return new Lease(
            (string?)metadata?["namespace"] ?? "",
            (string?)metadata?["name"] ?? "",
            (string?)metadata?["resourceVersion"],
            (string?)spec?["holderIdentity"],
            (int?)spec?["leaseDurationSeconds"] ?? 0,
            Time(spec?["acquireTime"]),
            Time(spec?["renewTime"]),
            (int?)spec?["leaseTransitions"] ?? 0);
    }

    private static DateTimeOffset? Time(JsonNode? node) =>
        (string?)node is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
