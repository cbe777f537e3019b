using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>
/// A route match normalized for precedence and conflict detection: GRPCRoute method matches are already
/// turned into paths, header and query matches are sorted. Two equal keys are a conflict.
/// </summary>
/// <param name="PathType">Exact, PathPrefix or RegularExpression.</param>
/// <param name="Path">Path or pattern.</param>
/// <param name="Method">HTTP method, or null.</param>
/// <param name="Headers">Header matches, sorted by name, type, value.</param>
/// <param name="QueryParams">Query matches, sorted by name, type, value.</param>
/// <param name="Grpc">For GRPCRoute matches: whether they are regular expressions and the lengths of the service and
/// method matched (0 when any), which rank them.</param>
internal sealed record MatchKey(string PathType, string Path, string? Method, EquatableArray<ValueMatch> Headers, EquatableArray<ValueMatch> QueryParams,
    (bool Regex, int Service, int Method)? Grpc = null)
{
    public const string Exact = "Exact";
    public const string Prefix = "PathPrefix";
    public const string Regex = "RegularExpression";

    /// <summary>Precedence rank of the path type: Exact, then RegularExpression, then PathPrefix.</summary>
    public int PathRank => PathType switch { Exact => 0, Regex => 1, _ => 2 };

    public static EquatableArray<ValueMatch> Sorted(IEnumerable<ValueMatch> matches) => matches
        .OrderBy(m => m.Name, StringComparer.Ordinal)
        .ThenBy(m => m.Type, StringComparer.Ordinal)
        .ThenBy(m => m.Value, StringComparer.Ordinal)
        .ToEquatableArray();
}
