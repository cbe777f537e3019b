using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>One (rule, match) of a route, resolved independently of any profile.</summary>
/// <param name="Route">The route.</param>
/// <param name="RuleIndex">Rule index.</param>
/// <param name="MatchIndex">Match index (0 for a rule without matches).</param>
/// <param name="Key">Normalized match.</param>
/// <param name="Backends">Backends that resolved (weight 0 included).</param>
/// <param name="InvalidWeight">Sum of the weights of the backendRefs that did not resolve.</param>
internal sealed record RouteEntry(HttpRouteModel Route, int RuleIndex, int MatchIndex, MatchKey Key, IReadOnlyList<ResolvedBackend> Backends, int InvalidWeight = 0)
{
    public RouteRule Rule => Route.Rules[RuleIndex];

    public string Name => Names.Route(Route.Ref, RuleIndex, MatchIndex);

    public string MatchField => Names.MatchField(RuleIndex, MatchIndex);

    public bool IsGrpc => Route.Ref.Kind == "GRPCRoute";
}
