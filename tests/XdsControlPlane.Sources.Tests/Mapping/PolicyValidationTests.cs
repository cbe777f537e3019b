using XdsControlPlane.Sources.Mapping;

namespace XdsControlPlane.Sources.Tests.Mapping;

/// <summary>An XdsPolicy's errors: every one reported, each with its field path (mapping and validation alike).</summary>
public sealed class PolicyValidationTests
{
    private static IEnumerable<TestCaseData> InvalidSpecs()
    {
        TestCaseData Case(string name, string spec, params string[] fields) => new TestCaseData(spec, fields).SetName(name);

        yield return Case("retry attempts above 10", "retry: {attempts: 11, on: [5xx]}", "spec.retry.attempts");
        yield return Case("retry attempts 0 and no conditions", "retry: {attempts: 0, on: []}", "spec.retry.attempts", "spec.retry.on");
        yield return Case("unknown retry condition", "retry: {on: [5xx, teapot]}", "spec.retry.on[1]");
        yield return Case("retriable-status-codes without codes", "retry: {on: [retriable-status-codes]}", "spec.retry.on");
        yield return Case("status codes without their condition, one out of range", "retry: {on: [5xx], retriableStatusCodes: [503, 700]}",
            "spec.retry.retriableStatusCodes", "spec.retry.retriableStatusCodes[1]");
        yield return Case("backoff max without base", "retry: {on: [5xx], backoff: {maxInterval: 1s}}", "spec.retry.backoff.baseInterval");
        yield return Case("backoff max below base", "retry: {on: [5xx], backoff: {baseInterval: 2s, maxInterval: 1s}}", "spec.retry.backoff.maxInterval");
        yield return Case("duration with a fraction", "retry: {on: [5xx], perTryTimeout: 1.5s}", "spec.retry.perTryTimeout");
        yield return Case("typo in a nested field", "retry: {on: [5xx], bakoff: {}}", "spec.retry.bakoff");
        yield return Case("zero request timeout", "timeout: {request: 0s}", "spec.timeout.request");
        yield return Case("empty timeout section", "timeout: {}", "spec.timeout");
        yield return Case("zero max connections", "circuitBreaker: {maxConnections: 0}", "spec.circuitBreaker.maxConnections");
        yield return Case("outlier thresholds", "outlierDetection: {consecutive5xx: 0, maxEjectionPercent: 101}",
            "spec.outlierDetection.consecutive5xx", "spec.outlierDetection.maxEjectionPercent");
        yield return Case("HTTP health check without path", "healthCheck: {type: HTTP}", "spec.healthCheck.path");
        yield return Case("TCP health check with path and zero threshold", "healthCheck: {type: TCP, path: /x, healthyThreshold: 0}",
            "spec.healthCheck.healthyThreshold", "spec.healthCheck.path");
        yield return Case("unknown health check type", "healthCheck: {type: UDP}", "spec.healthCheck.type");
        yield return Case("ring hash without keys", "loadBalancer: {type: RingHash}", "spec.loadBalancer.hashOn");
        yield return Case("hash keys without hashing", "loadBalancer: {type: RoundRobin, hashOn: [{header: x}]}", "spec.loadBalancer.hashOn");
        yield return Case("bad hash header name", "loadBalancer: {type: Maglev, hashOn: [{header: 'bad header'}]}", "spec.loadBalancer.hashOn[0].header");
        yield return Case("two keys in one hash item", "loadBalancer: {type: Maglev, hashOn: [{header: x, sourceIP: true}]}", "spec.loadBalancer.hashOn[0]");
        yield return Case("unknown balancer", "loadBalancer: {type: Fastest}", "spec.loadBalancer.type");
        yield return Case("zero keepalive probes", "connection: {keepalive: {probes: 0}}", "spec.connection.keepalive.probes");
        yield return Case("zero rate", "rateLimit: {requests: 0, per: 1s}", "spec.rateLimit.requests");
        yield return Case("rate without period", "rateLimit: {requests: 10}", "spec.rateLimit.per");
        yield return Case("credentials with any origin", "cors: {allowOrigins: ['*'], allowCredentials: true}", "spec.cors.allowCredentials");
        yield return Case("jwt provider without jwks", "jwt: {providers: [{name: a, issuer: i}]}", "spec.jwt.providers[0].jwks");
        yield return Case("jwt provider with both jwks kinds", "jwt: {providers: [{name: a, issuer: i, jwks: {inline: '{}', uri: 'https://x/jwks'}}]}",
            "spec.jwt.providers[0].jwks", "spec.jwt.providers[0].jwks.backendRef", "spec.jwt.providers[0].jwks.inline");
        yield return Case("jwks uri without backend", "jwt: {providers: [{name: a, issuer: i, jwks: {uri: 'https://x/jwks'}}]}", "spec.jwt.providers[0].jwks.backendRef");
        yield return Case("jwt without providers", "jwt: {providers: []}", "spec.jwt.providers");
        yield return Case("ext authz backend without port", "extAuthz: {backendRef: {name: authz}}", "spec.extAuthz.backendRef.port");
        yield return Case("rbac action and empty rule", "rbac: {action: Maybe, rules: [{}]}", "spec.rbac.action", "spec.rbac.rules[0]");
        yield return Case("rbac CIDRs", "rbac: {action: Allow, rules: [{sourceCIDRs: [10.0.0.0/33, not-a-cidr, 10.0.0.0/8]}]}",
            "spec.rbac.rules[0].sourceCIDRs[0]", "spec.rbac.rules[0].sourceCIDRs[1]");
        yield return Case("abort HTTP status 600", "fault: {abort: {percent: 50, httpStatus: 600}}", "spec.fault.abort.httpStatus");
        yield return Case("abort gRPC status 17", "fault: {abort: {percent: 50, grpcStatus: 17}}", "spec.fault.abort.grpcStatus");
        yield return Case("abort with both statuses and 150 percent", "fault: {abort: {percent: 150, httpStatus: 503, grpcStatus: 14}}",
            "spec.fault.abort", "spec.fault.abort.percent");
        yield return Case("delay without duration", "fault: {delay: {percent: 10}}", "spec.fault.delay.fixedDelay");
        yield return Case("mutual TLS without client certificate", "tls: {mode: Mutual}", "spec.tls.clientCertificateSecretRef");
        yield return Case("simple TLS with client certificate", "tls: {mode: Simple, clientCertificateSecretRef: {name: c}}", "spec.tls.clientCertificateSecretRef");
        yield return Case("no section at all", "", "spec");
    }

    [TestCaseSource(nameof(InvalidSpecs))]
    public void ReportsEachErrorAtItsPath(string spec, string[] fields)
    {
        var mapped = Assets.Map(Policy(spec));

        Assert.That(mapped.Value, Is.Null, "an invalid policy is dropped");
        Assert.That(mapped.Errors.Select(e => e.Field).Order(StringComparer.Ordinal), Is.EqualTo(fields), Assets.Describe(mapped.Errors));
    }

    [Test]
    public void ReportsEveryError_NotJustTheFirst()
    {
        var mapped = Assets.Map(Policy("""
            retry: {attempts: 20, on: [nope]}
              circuitBreaker: {maxRequests: 0}
              fault: {abort: {percent: 101, httpStatus: 99}}
              tls: {mode: Mutual}
            """));

        Assert.That(mapped.Errors.Select(e => e.ToString()), Is.EquivalentTo(new[]
        {
            "XdsPolicy shop/p: spec.retry.attempts: must be between 1 and 10, got 20 (inline.yaml:8)",
            "XdsPolicy shop/p: spec.retry.on[0]: unknown retry condition 'nope' (known: " + string.Join(", ", KnownConditions) + ") (inline.yaml:8)",
            "XdsPolicy shop/p: spec.circuitBreaker.maxRequests: must be at least 1, got 0 (inline.yaml:9)",
            "XdsPolicy shop/p: spec.fault.abort.percent: must be a percentage between 0 and 100, got 101 (inline.yaml:10)",
            "XdsPolicy shop/p: spec.fault.abort.httpStatus: must be between 200 and 599, got 99 (inline.yaml:10)",
            "XdsPolicy shop/p: spec.tls.clientCertificateSecretRef: is required for Mutual TLS (inline.yaml:11)",
        }));
    }

    [Test]
    public void TargetRef_IsRequired_AndItsKindChecked()
    {
        var missing = Assets.Map("""
            apiVersion: xds.controlplane.io/v1alpha1
            kind: XdsPolicy
            metadata: {name: p, namespace: shop}
            spec:
              timeout: {request: 1s}
            """);
        var wrongKind = Assets.Map(Policy("timeout: {request: 1s}", target: "{kind: Pod, name: x}"));

        Assert.That(missing.Errors.Select(e => e.Field), Is.EqualTo(new[] { "spec.targetRef" }));
        Assert.That(wrongKind.Errors.Select(e => (e.Field, e.Message)), Is.EqualTo(new[]
        {
            ("spec.targetRef.kind", "must be one of Service, Gateway, HTTPRoute, GRPCRoute, got 'Pod' (inline.yaml:7)"),
        }));
    }

    [Test]
    public void AValidPolicy_HasNoErrors()
    {
        var mapped = Assets.Map(Policy("retry: {attempts: 2, on: [5xx]}"));

        Assert.That(mapped.Errors, Is.Empty);
        Assert.That(mapped.Value, Is.Not.Null);
    }

    private static readonly string[] KnownConditions =
        ["5xx", "gateway-error", "reset", "connect-failure", "retriable-status-codes", "cancelled", "deadline-exceeded", "unavailable", "resource-exhausted", "internal"];

    private static string Policy(string spec, string target = "{kind: Service, name: web}") => $"""
        apiVersion: {ObjectMapper.PolicyApi}
        kind: XdsPolicy
        metadata:
          name: p
          namespace: shop
        spec:
          targetRef: {target}
          {spec}
        """;
}
