using XdsControlPlane.Compiler.Builders;
using XdsControlPlane.Compiler.Encodings;
using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>
/// Checks every policy once: its target exists, its values make sense, and it says what proxyless gRPC clients
/// will not get (checked against what <c>@grpc/grpc-js-xds</c> accepts on a client's API listener: RBAC, for one,
/// is a server-side filter in gRPC). Services are served to proxyless clients (each port is a dial target), and so are routes whose
/// parentRefs name a Service; settings those clients lack are reported on the policy (UnsupportedValue) and
/// applied only where Envoy runs.
/// </summary>
internal static class PolicyChecks
{
    private const string NotForProxyless = "not supported by proxyless gRPC clients";

    public static void Run(CompileContext context)
    {
        foreach (var policy in context.Model.Policies)
        {
            var (kind, ns, name, _) = PolicyIndex.Key(policy);
            var proxyless = kind switch
            {
                "Service" => context.Service(ns, name) is not null,
                "HTTPRoute" or "GRPCRoute" => context.Route(kind, ns, name) is { } route
                    && route.ParentRefs.Any(p => p.Kind == "Service"),
                _ => false,
            };
            if (!Exists(context, kind, ns, name))
            {
                context.Error(policy.Ref, "spec.targetRef", $"{kind} {ns}/{name} not found", Reasons.TargetNotFound);
            }
            else if (policy.Target.SectionName is { } section && !SectionExists(context, kind, ns, name, section))
            {
                context.Error(policy.Ref, "spec.targetRef.sectionName", $"{kind} {ns}/{name} has no port, listener or rule named '{section}'", Reasons.TargetNotFound);
            }

            var spec = PolicyIndex.Normalize(policy);
            if (proxyless)
            {
                ReportProxyless(context, policy.Ref, spec);
            }

            CheckValues(context, policy.Ref, spec);
        }
    }

    private static bool Exists(CompileContext context, string kind, string ns, string name) => kind switch
    {
        "Service" => context.Service(ns, name) is not null,
        "Gateway" => context.Gateway(ns, name) is not null,
        "HTTPRoute" or "GRPCRoute" => context.Route(kind, ns, name) is not null,
        _ => false,
    };

    private static bool SectionExists(CompileContext context, string kind, string ns, string name, string section) => kind switch
    {
        "Service" => context.Service(ns, name)!.Ports.Any(p => p.Name == section || p.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) == section),
        "Gateway" => context.Gateway(ns, name)!.Listeners.Any(l => l.Name == section),
        _ => context.Route(kind, ns, name)!.Rules.Any(r => r.Name == section),
    };

    private static void ReportProxyless(CompileContext context, ObjectRef policy, PolicySpec spec)
    {
        void Unsupported(string field, string what) =>
            context.Warning(policy, $"spec.{field}", $"{what} {NotForProxyless}; applied by Envoy only", Reasons.UnsupportedValue);

        foreach (var (field, value) in new (string, object?)[]
        {
            ("circuitBreaker", spec.CircuitBreaker), ("healthCheck", spec.HealthCheck), ("connection", spec.Connection),
            ("rateLimit", spec.RateLimit), ("cors", spec.Cors), ("jwt", spec.Jwt), ("extAuthz", spec.ExtAuthz), ("tls", spec.Tls),
            ("rbac", spec.Rbac), // gRPC's RBAC filter runs in xDS servers, not in clients (grpc-js rejects it on an API listener)
        })
        {
            if (value is not null)
            {
                Unsupported(field, $"{field} is");
            }
        }

        if (spec.LoadBalancer is { } lb)
        {
            if (lb.Type is not ("RoundRobin" or "RingHash"))
            {
                Unsupported("loadBalancer.type", $"load balancer {lb.Type} is");
            }

            if (lb.HashOn.Any(k => k.Type != "Header"))
            {
                Unsupported("loadBalancer.hashOn", "hashing on anything but headers is");
            }

            if (lb.Type == "RingHash")
            {
                // Deliberately withheld from the client releases that break on it; everyone else gets ring hash.
                foreach (var encoding in ClientEncodings.All.Where(e => e.Makes(EncodingChanges.NoRingHash)))
                {
                    context.Warning(policy, "spec.loadBalancer.type",
                        $"ring hash is not sent to {encoding.Clients} (profile {ClientEncodings.Profile(ProfileNames.Proxyless, encoding)}): {encoding.Why}; they get round robin",
                        Reasons.UnsupportedValue);
                }
            }
        }

        if (spec.OutlierDetection is { } outlier && (outlier.Consecutive5xx is not null || outlier.ConsecutiveGatewayFailure is not null))
        {
            // gRFC A50: gRPC clients eject by success rate (Envoy's default algorithm, which they get) or failure
            // percentage, never by consecutive failures.
            Unsupported("outlierDetection", "ejection after consecutive failures (consecutive5xx, consecutiveGatewayFailure) is");
        }

        if (spec.Timeout?.Idle is not null)
        {
            Unsupported("timeout.idle", "an idle timeout is");
        }

        if (spec.Retry is { } retry)
        {
            var unknown = retry.On.Where(c => !Defaults.ProxylessRetryConditions.Contains(c)).ToList();
            if (unknown.Count > 0)
            {
                Unsupported("retry.on", $"retry conditions {string.Join(", ", unknown)} are");
            }

            if (retry.PerTryTimeout is not null)
            {
                Unsupported("retry.perTryTimeout", "a per-try timeout is");
            }

            if (retry.RetriableStatusCodes.Count > 0)
            {
                Unsupported("retry.retriableStatusCodes", "HTTP retriable status codes are");
            }
        }

        if (spec.Fault is { AbortHttpStatus: not null, AbortGrpcStatus: null })
        {
            Unsupported("fault.abortHttpStatus", "an HTTP abort status is");
        }
    }

    private static void CheckValues(CompileContext context, ObjectRef policy, PolicySpec spec)
    {
        void Invalid(string field, string message) => context.Error(policy, $"spec.{field}", message, Reasons.Invalid);

        if (spec.LoadBalancer is { Type: not ("RoundRobin" or "LeastRequest" or "Random" or "RingHash" or "Maglev") } lb)
        {
            Invalid("loadBalancer.type", $"unknown load balancer {lb.Type}; round robin used");
        }

        if (spec.Connection?.ConnectTimeout is { } connect && connect <= TimeSpan.Zero)
        {
            Invalid("connection.connectTimeout", $"must be positive; the default {Defaults.ConnectTimeout.TotalSeconds}s applies");
        }

        if (spec.HealthCheck is { } health && !IsUsable(health))
        {
            Invalid("healthCheck", "interval and timeout must be positive and thresholds at least 1; health check not applied");
        }

        if (spec.RateLimit is { } rateLimit && !IsUsable(rateLimit))
        {
            Invalid("rateLimit", "requests and period must be positive; rate limit not applied");
        }

        if (spec.Retry is { BackoffBase: { } backoffBase } backoff && (backoffBase <= TimeSpan.Zero || backoff.BackoffMax < backoffBase))
        {
            Invalid("retry.backoffBase", "backoff base must be positive and not above the maximum; the invalid part is left out");
        }

        if (spec.Rbac is { } rbac)
        {
            foreach (var cidr in rbac.Rules.SelectMany(r => r.SourceCidrs).Where(c => !RbacFilters.IsValidCidr(c)))
            {
                Invalid("rbac.rules", $"'{cidr}' is not a CIDR range");
            }
        }

        if (spec.Tls is { } tls)
        {
            CheckSecret(context, policy, "tls.caSecret", tls.CaSecret, needsCa: true);
            if (tls.Mode == "Mutual")
            {
                CheckSecret(context, policy, "tls.clientCertificateSecret", tls.ClientCertificateSecret, needsCa: false);
            }
        }

        if (spec.ExtAuthz is { } extAuthz)
        {
            Backends.Resolve(context, policy, "spec.extAuthz.backendRef", extAuthz.Backend, out _);
        }

        if (spec.Jwt is { } jwt)
        {
            for (var i = 0; i < jwt.Providers.Count; i++)
            {
                var provider = jwt.Providers[i];
                if (provider.JwksInline is null && (provider.JwksUri is null || provider.JwksBackend is null))
                {
                    Invalid($"jwt.providers[{i}]", "needs inline JWKS or a JWKS URI with its backend");
                }
                else if (provider.JwksInline is null && provider.JwksBackend is { } backend)
                {
                    Backends.Resolve(context, policy, $"spec.jwt.providers[{i}].jwksBackend", backend, out _);
                }
            }
        }
    }

    /// <summary>A health check Envoy accepts (positive interval and timeout, thresholds at least 1).</summary>
    public static bool IsUsable(HealthCheckPolicy health) =>
        health.Interval > TimeSpan.Zero && health.Timeout > TimeSpan.Zero && health.HealthyThreshold >= 1 && health.UnhealthyThreshold >= 1;

    /// <summary>A token bucket Envoy accepts (positive tokens and period).</summary>
    public static bool IsUsable(RateLimitPolicy rateLimit) => rateLimit.Requests > 0 && rateLimit.Per > TimeSpan.Zero;

    private static void CheckSecret(CompileContext context, ObjectRef policy, string field, ObjectRef? secret, bool needsCa)
    {
        if (secret is null)
        {
            if (!needsCa)
            {
                context.Error(policy, $"spec.{field}", "mutual TLS needs a client certificate Secret; TLS not applied", Reasons.Invalid);
            }

            return;
        }

        if (context.Secret(secret.Namespace, secret.Name) is not { } found)
        {
            context.Error(policy, $"spec.{field}", $"Secret {secret.Namespace}/{secret.Name} not found; TLS not applied", Reasons.InvalidCertificateRef);
        }
        else if (needsCa && found.CaBundle is null)
        {
            context.Error(policy, $"spec.{field}", $"Secret {secret.Namespace}/{secret.Name} has no ca.crt; TLS not applied", Reasons.InvalidCertificateRef);
        }
    }
}
