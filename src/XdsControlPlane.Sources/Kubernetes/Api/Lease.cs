using k8s.Models;

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
    /// <summary>The Lease as the library's model.</summary>
    public V1Lease ToModel() => new()
    {
        ApiVersion = $"{V1Lease.KubeGroup}/{V1Lease.KubeApiVersion}",
        Kind = V1Lease.KubeKind,
        Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Namespace, ResourceVersion = ResourceVersion },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = HolderIdentity,
            LeaseDurationSeconds = LeaseDurationSeconds,
            AcquireTime = AcquireTime?.UtcDateTime,
            RenewTime = RenewTime?.UtcDateTime,
            LeaseTransitions = LeaseTransitions,
        },
    };

    /// <summary>Reads a Lease returned by the API.</summary>
    public static Lease FromModel(V1Lease lease) => new(
        lease.Metadata?.NamespaceProperty ?? "",
        lease.Metadata?.Name ?? "",
        lease.Metadata?.ResourceVersion,
        lease.Spec?.HolderIdentity,
        lease.Spec?.LeaseDurationSeconds ?? 0,
        Time(lease.Spec?.AcquireTime),
        Time(lease.Spec?.RenewTime),
        lease.Spec?.LeaseTransitions ?? 0);

    // The library reads MicroTime as UTC.
    private static DateTimeOffset? Time(DateTime? at) => at is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
