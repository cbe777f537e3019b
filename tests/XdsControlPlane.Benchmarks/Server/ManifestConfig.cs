using System.Globalization;
using System.Text;

namespace XdsControlPlane.Benchmarks.Server;

/// <summary>
/// A production-sized manifest directory for the <c>large</c> mode: one Gateway <c>big/gw</c> (one HTTP listener),
/// N Services with an EndpointSlice of M endpoints each, and R HTTPRoutes on the Gateway, one hostname and one backend
/// each (route j → service j mod N). Files: <c>gateway.yaml</c>, <c>services/s&lt;i&gt;.yaml</c>,
/// <c>endpoints/s&lt;i&gt;-a.yaml</c>, <c>routes/r&lt;j&gt;.yaml</c>. The two triggers edit one file each, as an
/// operator or a controller would: one endpoint added to one EndpointSlice, one HTTPRoute's path changed.
/// </summary>
internal sealed class ManifestConfig
{
    /// <summary>The Gateway every simulated proxy claims (node metadata <c>gateway</c>).</summary>
    public const string Gateway = "big/gw";

    /// <summary>The profile the reconciler publishes that Gateway's snapshot under.</summary>
    public const string Profile = "gateway/" + Gateway;

    private const string Namespace = "big";
    private readonly int[] _endpoints;
    private readonly int[] _routeEdits;

    public ManifestConfig(string directory, int services, int endpointsPerService, int routes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(services, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(routes, 1);
        Directory = directory;
        _endpoints = Enumerable.Repeat(endpointsPerService, services).ToArray();
        _routeEdits = new int[routes];
    }

    public string Directory { get; }

    public int Services => _endpoints.Length;

    public int Routes => _routeEdits.Length;

    /// <summary>Writes every file (2N + R + 1).</summary>
    public void Write()
    {
        foreach (var folder in new[] { "services", "endpoints", "routes" })
        {
            System.IO.Directory.CreateDirectory(Path.Combine(Directory, folder));
        }

        File.WriteAllText(Path.Combine(Directory, "gateway.yaml"), """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata: {name: xds}
            spec: {controllerName: xds.controlplane.io/gateway-controller}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: gw, namespace: big}
            spec:
              gatewayClassName: xds
              listeners:
              - {name: web, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}}
            """);
        for (var i = 0; i < Services; i++)
        {
            File.WriteAllText(Path.Combine(Directory, "services", $"s{i}.yaml"), $$"""
                apiVersion: v1
                kind: Service
                metadata: {name: s{{i}}, namespace: big}
                spec:
                  ports:
                  - {name: http, port: 80, targetPort: 8080}
                """);
            WriteSlice(i);
        }

        for (var j = 0; j < Routes; j++)
        {
            WriteRoute(j);
        }
    }

    /// <summary>Adds one endpoint to the EndpointSlice of service <c>sequence mod N</c>; returns the file's object name.</summary>
    public string AddEndpoint(int sequence)
    {
        var service = sequence % Services;
        _endpoints[service]++;
        WriteSlice(service);
        return $"EndpointSlice {Namespace}/s{service}-a";
    }

    /// <summary>Changes the path prefix of HTTPRoute <c>sequence mod R</c>; returns its name.</summary>
    public string EditRoute(int sequence)
    {
        var route = sequence % Routes;
        _routeEdits[route]++;
        WriteRoute(route);
        return $"HTTPRoute {Namespace}/r{route}";
    }

    private void WriteSlice(int i)
    {
        var text = new StringBuilder($$"""
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: s{{i}}-a
              namespace: {{Namespace}}
              labels: {kubernetes.io/service-name: s{{i}}}
            addressType: IPv4
            ports:
            - {name: http, port: 8080, protocol: TCP}
            endpoints:

            """);
        for (var e = 0; e < _endpoints[i]; e++)
        {
            // 10.<service>.<endpoint>: unique while a slice stays under 254 endpoints (the options bound M to 200).
            text.Append(CultureInfo.InvariantCulture, $"- {{addresses: [10.{i / 256 % 256}.{i % 256}.{e + 1}], conditions: {{ready: true}}, zone: z{e % 3}}}\n");
        }

        Replace(Path.Combine(Directory, "endpoints", $"s{i}-a.yaml"), text.ToString());
    }

    private void WriteRoute(int j)
    {
        var suffix = _routeEdits[j] == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"-v{_routeEdits[j]}");
        Replace(Path.Combine(Directory, "routes", $"r{j}.yaml"), $$"""
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: r{{j}}, namespace: big}
            spec:
              parentRefs:
              - {name: gw}
              hostnames: [h{{j}}.example.com]
              rules:
              - matches:
                - path: {type: PathPrefix, value: /p{{j}}{{suffix}}}
                backendRefs:
                - {name: s{{j % Services}}, port: 80}
            """);
    }

    /// <summary>Write-then-rename, so the watcher never reads a half-written file.</summary>
    private static void Replace(string path, string content)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
