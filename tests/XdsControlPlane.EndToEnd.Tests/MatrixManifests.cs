using System.Globalization;
using System.Text;

namespace XdsControlPlane.EndToEnd.Tests;

/// <summary>
/// The client matrix's configuration, one dial target (a Service with routes and policies) per feature, over six real
/// backends: echo-v1, echo-v2, flaky (fails the first attempt of every request name), slow (answers after 1.5 s),
/// zone-a (three endpoints in zone a: one process on 127.0.0.1-3) and zone-b (one endpoint in zone b).
/// </summary>
internal static class MatrixManifests
{
    /// <summary>Every target a client dials (<c>&lt;service&gt;.default.svc:50051</c>), by Service.</summary>
    public static readonly string[] Services = ["split", "path", "header", "query", "method", "grpc", "retry", "noretry", "faults", "hash", "outlier", "locality"];

    /// <summary>The dial target of a Service of the matrix.</summary>
    public static string Target(string service) => $"{service}.default.svc:50051";

    /// <summary>All manifests, with the backends' ports.</summary>
    public static string All(IReadOnlyDictionary<string, int> ports)
    {
        var yaml = new StringBuilder();
        foreach (var service in Services.Concat(["echo-v1", "echo-v2"]))
        {
            Document(yaml, $"""
                apiVersion: v1
                kind: Service
                metadata: {"{"}name: {service}, namespace: default{"}"}
                spec: {"{"}ports: [{"{"}name: grpc, port: 50051{"}"}]{"}"}
                """);
        }

        Slice(yaml, "echo-v1", "v1", ports["echo-v1"]);
        Slice(yaml, "echo-v2", "v2", ports["echo-v2"]);
        Slice(yaml, "retry", "flaky", ports["flaky"]);
        Slice(yaml, "noretry", "flaky", ports["flaky"]);
        Slice(yaml, "hash", "v1", ports["echo-v1"]);
        Slice(yaml, "hash", "v2", ports["echo-v2"]);
        Slice(yaml, "outlier", "v1", ports["echo-v1"]);
        Slice(yaml, "outlier", "v2", ports["echo-v2"]);
        Slice(yaml, "locality", "a", ports["zone-a"], "a", "127.0.0.1", "127.0.0.2", "127.0.0.3");
        Slice(yaml, "locality", "b", ports["zone-b"], "b", "127.0.0.1");
        Slice(yaml, "slow", "slow", ports["slow"]);
        Document(yaml, "apiVersion: v1\nkind: Service\nmetadata: {name: slow, namespace: default}\nspec: {ports: [{name: grpc, port: 50051}]}");
        Document(yaml, Routes);
        Document(yaml, Policies);
        return yaml.ToString();
    }

    private const string Routes = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: split, namespace: default}
        spec:
          parentRefs: [{kind: Service, group: "", name: split, port: 50051}]
          rules: [{backendRefs: [{name: echo-v1, port: 50051, weight: 3}, {name: echo-v2, port: 50051, weight: 1}]}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: path, namespace: default}
        spec:
          parentRefs: [{kind: Service, group: "", name: path, port: 50051}]
          rules:
            - {matches: [{path: {type: Exact, value: /e2e.Echo/Hello}}], backendRefs: [{name: echo-v2, port: 50051}]}
            - {matches: [{path: {type: PathPrefix, value: /e2e.Echo}}], backendRefs: [{name: echo-v1, port: 50051}]}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: header, namespace: default}
        spec:
          parentRefs: [{kind: Service, group: "", name: header, port: 50051}]
          rules:
            - {matches: [{headers: [{name: x-canary, value: "true"}]}], backendRefs: [{name: echo-v2, port: 50051}]}
            - {backendRefs: [{name: echo-v1, port: 50051}]}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: query, namespace: default}
        spec:
          parentRefs: [{kind: Service, group: "", name: query, port: 50051}]
          rules:
            - {matches: [{queryParams: [{name: q, value: "1"}]}], backendRefs: [{name: echo-v2, port: 50051}]}
            - {backendRefs: [{name: echo-v1, port: 50051}]}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: method, namespace: default}
        spec:
          parentRefs: [{kind: Service, group: "", name: method, port: 50051}]
          rules:
            - {matches: [{method: POST, path: {type: PathPrefix, value: /e2e.Echo}}], backendRefs: [{name: echo-v2, port: 50051}]}
            - {backendRefs: [{name: echo-v1, port: 50051}]}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: GRPCRoute
        metadata: {name: grpc, namespace: default}
        spec:
          parentRefs: [{kind: Service, group: "", name: grpc, port: 50051}]
          rules:
            - {matches: [{method: {service: e2e.Echo, method: Hello}}], backendRefs: [{name: echo-v2, port: 50051}]}
            - {matches: [{method: {service: e2e.Echo}}], backendRefs: [{name: echo-v1, port: 50051}]}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {name: faults, namespace: default}
        spec:
          parentRefs: [{kind: Service, group: "", name: faults, port: 50051}]
          rules:
            - {name: delay, matches: [{headers: [{name: x-fault, value: delay}]}], backendRefs: [{name: echo-v1, port: 50051}]}
            - {name: abort, matches: [{headers: [{name: x-fault, value: abort}]}], backendRefs: [{name: echo-v1, port: 50051}]}
            - {name: timeout, matches: [{headers: [{name: x-fault, value: timeout}]}], backendRefs: [{name: slow, port: 50051}], timeouts: {request: 300ms}}
            - {name: slow, matches: [{headers: [{name: x-fault, value: slow}]}], backendRefs: [{name: slow, port: 50051}]}
            - {name: plain, backendRefs: [{name: echo-v1, port: 50051}]}
        """;

    private const string Policies = """
        apiVersion: xds.controlplane.io/v1alpha1
        kind: XdsPolicy
        metadata: {name: retry, namespace: default}
        spec: {targetRef: {kind: Service, name: retry}, retry: {attempts: 3, on: [unavailable]}}
        ---
        apiVersion: xds.controlplane.io/v1alpha1
        kind: XdsPolicy
        metadata: {name: delay, namespace: default}
        spec: {targetRef: {kind: HTTPRoute, name: faults, sectionName: delay}, fault: {delay: {percent: 100, fixedDelay: 3s}}}
        ---
        apiVersion: xds.controlplane.io/v1alpha1
        kind: XdsPolicy
        metadata: {name: abort, namespace: default}
        spec: {targetRef: {kind: HTTPRoute, name: faults, sectionName: abort}, fault: {abort: {percent: 100, grpcStatus: 8}}}
        ---
        apiVersion: xds.controlplane.io/v1alpha1
        kind: XdsPolicy
        metadata: {name: hash, namespace: default}
        spec: {targetRef: {kind: Service, name: hash}, loadBalancer: {type: RingHash, hashOn: [{header: x-user}]}}
        ---
        apiVersion: xds.controlplane.io/v1alpha1
        kind: XdsPolicy
        metadata: {name: outlier, namespace: default}
        spec: {targetRef: {kind: Service, name: outlier}, outlierDetection: {consecutive5xx: 5, interval: 1s, baseEjectionTime: 30s, maxEjectionPercent: 50}}
        """;

    private static void Slice(StringBuilder yaml, string service, string suffix, int port, string? zone = null, params string[] addresses)
    {
        var endpoints = string.Join(", ", (addresses.Length == 0 ? ["127.0.0.1"] : addresses)
            .Select(a => $"{{addresses: [\"{a}\"], conditions: {{ready: true}}{(zone is null ? "" : $", zone: {zone}")}}}"));
        Document(yaml, $"""
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {"{"}name: {service}-{suffix}, namespace: default, labels: {"{"}kubernetes.io/service-name: {service}{"}"}{"}"}
            addressType: IPv4
            ports: [{"{"}name: grpc, port: {port.ToString(CultureInfo.InvariantCulture)}{"}"}]
            endpoints: [{endpoints}]
            """);
    }

    private static void Document(StringBuilder yaml, string document) => yaml.Append("---\n").Append(document).Append('\n');
}
