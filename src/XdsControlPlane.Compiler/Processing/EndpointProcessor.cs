using System.Net;
using Envoy.Config.Endpoint.V3;
using XdsControlPlane.Compiler.Builders;
using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>ClusterLoadAssignments from EndpointSlices.</summary>
internal static class EndpointProcessor
{
    /// <summary>
    /// The endpoints of <paramref name="use"/>: slices of its Service whose port name matches the Service port's,
    /// ready endpoints only (Ready unset counts as ready; terminating endpoints are left out so they drain),
    /// first address of each, grouped by zone. FQDN slices and non-IP addresses are reported and skipped.
    /// Always returns an assignment, possibly empty, so the EDS cluster is never left without one.
    /// </summary>
    public static ClusterLoadAssignment ClusterLoadAssignment(CompileContext context, ClusterUse use) =>
        ClusterLoadAssignment(use.Name, use.Port.Name, context.SlicesOf(use.Service.Ref), context.Error);

    /// <summary>The same, from the slices of the Service alone (the incremental endpoint path needs nothing else).</summary>
    public static ClusterLoadAssignment ClusterLoadAssignment(string clusterName, string portName, IReadOnlyList<EndpointSliceModel> slices,
        Action<ObjectRef, string, string, string> error)
    {
        var endpoints = new List<(string Zone, string Ip, int Port)>();
        foreach (var slice in slices)
        {
            if (slice.AddressType is not ("IPv4" or "IPv6"))
            {
                error(slice.Ref, "addressType", $"address type {slice.AddressType} is not supported (clients need IP addresses); slice skipped", Reasons.UnsupportedValue);
                continue;
            }

            if (slice.Ports.FirstOrDefault(p => p.Name == portName) is not { } port)
            {
                continue;
            }

            for (var i = 0; i < slice.Endpoints.Count; i++)
            {
                var endpoint = slice.Endpoints[i];
                if (endpoint.Ready == false || endpoint.Terminating == true || endpoint.Addresses.Count == 0)
                {
                    continue;
                }

                var address = endpoint.Addresses[0];
                if (!IPAddress.TryParse(address, out _))
                {
                    error(slice.Ref, $"endpoints[{i}].addresses[0]", $"'{address}' is not an IP address; endpoint skipped", Reasons.UnsupportedValue);
                    continue;
                }

                endpoints.Add((endpoint.Zone ?? Defaults.UnknownZone, address, port.Port));
            }
        }

        return Endpoints.ClusterLoadAssignment(clusterName, endpoints);
    }
}
