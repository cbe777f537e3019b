using XdsControlPlane.Model;
using XdsControlPlane.Model.Policies;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>
/// Policies by exact target. Where several policies set the same setting on the same target, the first by
/// identity wins and the others are reported (Conflicted). More specific targets win per setting:
/// a route rule over its route over its parent (a Gateway listener over its Gateway, or a Service port over its Service);
/// at the gateway, the Service port a route leads to comes last.
/// </summary>
internal sealed class PolicyIndex
{
    /// <summary>Settings by name (the field path under <c>spec</c>) and accessor.</summary>
    public static readonly IReadOnlyList<(string Field, Func<PolicySpec, object?> Get)> Settings =
    [
        ("retry", s => s.Retry), ("timeout", s => s.Timeout), ("circuitBreaker", s => s.CircuitBreaker),
        ("outlierDetection", s => s.OutlierDetection), ("healthCheck", s => s.HealthCheck), ("loadBalancer", s => s.LoadBalancer),
        ("connection", s => s.Connection), ("rateLimit", s => s.RateLimit), ("cors", s => s.Cors), ("jwt", s => s.Jwt),
        ("extAuthz", s => s.ExtAuthz), ("rbac", s => s.Rbac), ("fault", s => s.Fault), ("tls", s => s.Tls),
    ];

    private readonly Dictionary<(string Kind, string Namespace, string Name, string Section), PolicySpec> _specs = [];

    public PolicyIndex(CompileContext context)
    {
        foreach (var group in context.Model.Policies.GroupBy(Key))
        {
            var merged = new PolicySpec();
            foreach (var policy in group)
            {
                foreach (var (field, get) in Settings)
                {
                    if (get(policy.Spec) is not null && get(merged) is not null)
                    {
                        context.Error(policy.Ref, $"spec.{field}", $"another policy already sets {field} on this target; the first by name wins", Reasons.Conflicted);
                    }
                }

                merged = Merge(merged, Normalize(policy));
            }

            _specs[group.Key] = merged;
        }
    }

    /// <summary>The policy's settings with every reference's empty namespace set to the policy's.</summary>
    public static PolicySpec Normalize(PolicyModel policy)
    {
        var ns = policy.Ref.Namespace;
        var spec = policy.Spec;
        BackendRef Fix(BackendRef b) => b.Namespace.Length == 0 ? b with { Namespace = ns } : b;
        ObjectRef? FixRef(ObjectRef? r) => r is { Namespace.Length: 0 } ? r with { Namespace = ns } : r;
        return spec with
        {
            ExtAuthz = spec.ExtAuthz is { } e ? e with { Backend = Fix(e.Backend) } : null,
            Jwt = spec.Jwt is { } j
                ? j with { Providers = j.Providers.Select(p => p.JwksBackend is { } b ? p with { JwksBackend = Fix(b) } : p).ToEquatableArray() }
                : null,
            Tls = spec.Tls is { } t ? t with { CaSecret = FixRef(t.CaSecret), ClientCertificateSecret = FixRef(t.ClientCertificateSecret) } : null,
        };
    }

    /// <summary>The target a policy names, its namespace defaulting to the policy's.</summary>
    public static (string Kind, string Namespace, string Name, string Section) Key(PolicyModel policy) =>
        (policy.Target.Kind, policy.Target.Namespace.Length == 0 ? policy.Ref.Namespace : policy.Target.Namespace, policy.Target.Name, policy.Target.SectionName ?? "");

    /// <summary>Settings of a Service port (port-specific policies over whole-Service ones).</summary>
    public PolicySpec ForService(ObjectRef service, ServicePort port) => Merge(
        Merge(At("Service", service, port.Name), At("Service", service, port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        At("Service", service, ""));

    /// <summary>
    /// Settings of the Service port a route entry sends everything to (all its live backends are that port); empty
    /// otherwise. At the gateway they rank below the route's own and its parents', so a Service's retry or timeout
    /// policy reaches the routes that lead only to it.
    /// </summary>
    public PolicySpec ForBackends(IEnumerable<ResolvedBackend> backends)
    {
        var live = backends.Where(b => b.Weight > 0).Select(b => (b.Service, b.Port)).Distinct().ToList();
        return live.Count == 1 ? ForService(live[0].Service.Ref, live[0].Port) : new PolicySpec();
    }

    /// <summary>Settings of one route rule (rule-specific policies over whole-route ones).</summary>
    public PolicySpec ForRule(ObjectRef route, RouteRule rule) =>
        Merge(rule.Name is { Length: > 0 } name ? At(route.Kind, route, name) : new PolicySpec(), At(route.Kind, route, ""));

    /// <summary>Settings of a Gateway listener (listener-specific over Gateway-wide).</summary>
    public PolicySpec ForGatewayListener(ObjectRef gateway, string listener) =>
        Merge(At("Gateway", gateway, listener), At("Gateway", gateway, ""));

    /// <summary>Per setting, <paramref name="high"/>'s value when set, else <paramref name="low"/>'s.</summary>
    public static PolicySpec Merge(PolicySpec high, PolicySpec low) => new()
    {
        Retry = high.Retry ?? low.Retry,
        Timeout = high.Timeout ?? low.Timeout,
        CircuitBreaker = high.CircuitBreaker ?? low.CircuitBreaker,
        OutlierDetection = high.OutlierDetection ?? low.OutlierDetection,
        HealthCheck = high.HealthCheck ?? low.HealthCheck,
        LoadBalancer = high.LoadBalancer ?? low.LoadBalancer,
        Connection = high.Connection ?? low.Connection,
        RateLimit = high.RateLimit ?? low.RateLimit,
        Cors = high.Cors ?? low.Cors,
        Jwt = high.Jwt ?? low.Jwt,
        ExtAuthz = high.ExtAuthz ?? low.ExtAuthz,
        Rbac = high.Rbac ?? low.Rbac,
        Fault = high.Fault ?? low.Fault,
        Tls = high.Tls ?? low.Tls,
    };

    private PolicySpec At(string kind, ObjectRef target, string section) =>
        _specs.GetValueOrDefault((kind, target.Namespace, target.Name, section)) ?? new PolicySpec();
}
