namespace XdsControlPlane.Compiler.Processing;

/// <summary>
/// Orders route entries within one virtual host as the Gateway API specification ranks them: exact path, then
/// regular expressions (longest pattern first; the spec leaves regex rank to the implementation and a prefix
/// would otherwise shadow them), then prefixes (longest first); then a method match; then more header matches;
/// then more query matches; ties go to the oldest route, then namespace/name, then rule and match order.
/// GRPCRoute matches rank as that spec orders them (exact matches before regular expressions): more characters of
/// matched service, then of method, then more header matches.
/// </summary>
internal sealed class Precedence : IComparer<RouteEntry>
{
    public static readonly Precedence Instance = new();

    public int Compare(RouteEntry? x, RouteEntry? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? 1 : -1;
        }

        var (a, b) = (x.Key, y.Key);
        if (a.Grpc is { } ga && b.Grpc is { } gb)
        {
            // GRPCRoute: exact before regular expressions (whose length says little), then more characters of matched
            // service, then of method, then more header matches.
            var grpcOrder = ga.Regex.CompareTo(gb.Regex);
            grpcOrder = grpcOrder != 0 ? grpcOrder : gb.Service.CompareTo(ga.Service);
            grpcOrder = grpcOrder != 0 ? grpcOrder : gb.Method.CompareTo(ga.Method);
            grpcOrder = grpcOrder != 0 ? grpcOrder : b.Headers.Count.CompareTo(a.Headers.Count);
            return grpcOrder != 0 ? grpcOrder : CompareAge(x, y);
        }

        var order = a.PathRank.CompareTo(b.PathRank);
        order = order != 0 ? order : b.Path.Length.CompareTo(a.Path.Length);
        order = order != 0 ? order : (b.Method is not null).CompareTo(a.Method is not null);
        order = order != 0 ? order : b.Headers.Count.CompareTo(a.Headers.Count);
        order = order != 0 ? order : b.QueryParams.Count.CompareTo(a.QueryParams.Count);
        return order != 0 ? order : CompareAge(x, y);
    }

    /// <summary>Conflict-resolution order: oldest route, then namespace/name/kind, then rule and match index.</summary>
    public static int CompareAge(RouteEntry x, RouteEntry y)
    {
        var (a, b) = (x.Route, y.Route);
        var order = (a.CreatedAt, b.CreatedAt) switch
        {
            ({ } ta, { } tb) => ta.CompareTo(tb),
            (null, { }) => 1,
            ({ }, null) => -1,
            _ => 0,
        };
        order = order != 0 ? order : string.CompareOrdinal(a.Ref.Namespace, b.Ref.Namespace);
        order = order != 0 ? order : string.CompareOrdinal(a.Ref.Name, b.Ref.Name);
        order = order != 0 ? order : string.CompareOrdinal(a.Ref.Kind, b.Ref.Kind);
        order = order != 0 ? order : x.RuleIndex.CompareTo(y.RuleIndex);
        order = order != 0 ? order : x.MatchIndex.CompareTo(y.MatchIndex);
        // Same path text but different matches (e.g. path and header text): fall back to the key's content.
        return order != 0 ? order : string.CompareOrdinal(x.Key.Path, y.Key.Path);
    }

    /// <summary>
    /// Sorts <paramref name="entries"/> and drops every entry whose match equals an earlier one's, reporting it on
    /// its route (Conflicted): identical matches from two routes cannot both be served.
    /// </summary>
    public static List<RouteEntry> SortAndResolveConflicts(CompileContext context, IEnumerable<RouteEntry> entries)
    {
        var kept = new List<RouteEntry>();
        var winners = new Dictionary<MatchKey, RouteEntry>();
        foreach (var entry in entries.OrderBy(e => e, Instance))
        {
            if (winners.TryGetValue(entry.Key, out var winner))
            {
                context.Error(entry.Route.Ref, entry.MatchField,
                    $"identical match already served by {winner.Route.Ref} {winner.MatchField}; this match is dropped", Reasons.Conflicted);
                continue;
            }

            winners[entry.Key] = entry;
            kept.Add(entry);
        }

        return kept;
    }
}
