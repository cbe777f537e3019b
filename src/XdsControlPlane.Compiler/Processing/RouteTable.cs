using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>
/// Every route's rules and matches, validated and normalized once for all profiles, with the ResolvedRefs
/// condition each route earns. An invalid match is dropped (with an error); the rest of the route stays.
/// </summary>
internal sealed class RouteTable
{
    private readonly Dictionary<ObjectRef, IReadOnlyList<RouteEntry>> _entries = [];
    private readonly Dictionary<ObjectRef, StatusCondition> _resolvedRefs = [];

    public RouteTable(CompileContext context)
    {
        foreach (var route in context.Model.Routes)
        {
            var entries = new List<RouteEntry>();
            string? failure = null;
            string? refused = null;
            for (var r = 0; r < route.Rules.Count; r++)
            {
                var rule = route.Rules[r];
                var backends = new List<ResolvedBackend>();
                var invalidWeight = 0;
                for (var b = 0; b < rule.Backends.Count; b++)
                {
                    var resolved = Backends.Resolve(context, route.Ref, $"{Names.RuleField(r)}.backendRefs[{b}]", rule.Backends[b], out var reason);
                    if (resolved is not null)
                    {
                        backends.Add(resolved);
                    }
                    else
                    {
                        failure ??= reason;
                        refused ??= reason == Reasons.RefNotPermitted ? Backends.NotPermitted(route.Ref, rule.Backends[b]) : null;
                        invalidWeight += Math.Max(0, rule.Backends[b].Weight);
                    }
                }

                // Mirror targets are resolved per profile (RouteTranslator); a refused one is a refused reference too.
                foreach (var mirror in rule.Filters.Select(f => f.Mirror).OfType<MirrorFilter>().Where(m => !Backends.Permitted(context, route.Ref, m.Backend)))
                {
                    failure ??= Reasons.RefNotPermitted;
                    refused ??= Backends.NotPermitted(route.Ref, mirror.Backend);
                }

                var matches = rule.Matches.Count == 0 ? [new RouteMatch(null, [], [], null, null)] : rule.Matches.Items;
                for (var m = 0; m < matches.Length; m++)
                {
                    if (Normalize(context, route, r, m, matches[m]) is { } key)
                    {
                        entries.Add(new RouteEntry(route, r, m, key, backends, invalidWeight));
                    }
                }
            }

            _entries[route.Ref] = entries;
            // A refused cross-namespace reference is named first: its fix (a ReferenceGrant) differs from creating a Service.
            _resolvedRefs[route.Ref] = failure is null
                ? new StatusCondition(Reasons.ResolvedRefs, true, Reasons.ResolvedRefs, "all references resolved")
                : refused is not null
                    ? new StatusCondition(Reasons.ResolvedRefs, false, Reasons.RefNotPermitted, refused)
                    : new StatusCondition(Reasons.ResolvedRefs, false, failure == Reasons.InvalidKind ? Reasons.InvalidKind : Reasons.BackendNotFound,
                        "some backendRefs do not resolve; see the errors of this route");
        }
    }

    public IReadOnlyList<RouteEntry> EntriesOf(HttpRouteModel route) => _entries[route.Ref];

    public StatusCondition ResolvedRefsOf(HttpRouteModel route) => _resolvedRefs[route.Ref];

    private static MatchKey? Normalize(CompileContext context, HttpRouteModel route, int rule, int index, RouteMatch match)
    {
        var field = Names.MatchField(rule, index);
        var (type, path) = match.Grpc is { } grpc ? GrpcPath(grpc) : (match.Path?.Type ?? MatchKey.Prefix, match.Path?.Value ?? "/");
        string? problem = type switch
        {
            MatchKey.Exact or MatchKey.Prefix when !path.StartsWith('/') => $"path '{path}' must start with '/'",
            MatchKey.Exact or MatchKey.Prefix => null,
            MatchKey.Regex when path.Length == 0 => "empty regular expression",
            MatchKey.Regex => Builders.Re2.IsValid(path, out var regexProblem) ? null : regexProblem,
            _ => $"path match type '{type}' is not supported",
        };
        problem ??= match.Headers.Concat(match.QueryParams).Select(CheckValueMatch).FirstOrDefault(p => p is not null);
        if (match.Grpc is { Type: not (MatchKey.Exact or MatchKey.Regex) } g)
        {
            problem = $"method match type '{g.Type}' is not supported";
        }

        if (problem is not null)
        {
            context.Error(route.Ref, field, $"{problem}; match dropped", Reasons.UnsupportedValue);
            return null;
        }

        var grpcRank = match.Grpc is { } m ? (m.Type == MatchKey.Regex, m.Service?.Length ?? 0, m.Method?.Length ?? 0) : ((bool, int, int)?)null;
        return new MatchKey(type, path, match.Method, MatchKey.Sorted(match.Headers), MatchKey.Sorted(match.QueryParams), grpcRank);
    }

    private static string? CheckValueMatch(ValueMatch match) => match switch
    {
        { Name.Length: 0 } => "a header or query match has no name",
        { Type: not (MatchKey.Exact or MatchKey.Regex) } => $"match type '{match.Type}' of '{match.Name}' is not supported",
        { Type: MatchKey.Regex } when !Builders.Re2.IsValid(match.Value, out var problem) => problem,
        _ => null,
    };

    /// <summary>GRPCRoute method match as a path match: gRPC paths are <c>/&lt;service&gt;/&lt;method&gt;</c>.</summary>
    private static (string Type, string Path) GrpcPath(GrpcMethodMatch grpc) => grpc switch
    {
        { Type: MatchKey.Regex } => (MatchKey.Regex, $"/{grpc.Service ?? "[^/]+"}/{grpc.Method ?? "[^/]+"}"),
        { Service: { } s, Method: { } m } => (MatchKey.Exact, $"/{s}/{m}"),
        { Service: { } s } => (MatchKey.Prefix, $"/{s}/"),
        { Method: { } m } => (MatchKey.Regex, $"/[^/]+/{Builders.Re2.Escape(m)}"),
        _ => (MatchKey.Prefix, "/"),
    };
}
