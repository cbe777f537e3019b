using Envoy.Type.Matcher.V3;
using Google.Protobuf.WellKnownTypes;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Status;

/// <summary>
/// Evaluates CSDS <c>node_matchers</c>: a node matches a <c>NodeMatcher</c> when its id matches <c>node_id</c> (if set)
/// and its metadata matches every <c>node_metadatas</c> entry; the request selects nodes matching any matcher.
/// </summary>
internal static class NodeMatching
{
    /// <summary>Throws INVALID_ARGUMENT naming the field of the first matcher that cannot be evaluated.</summary>
    public static void Validate(IReadOnlyList<NodeMatcher> matchers)
    {
        for (var i = 0; i < matchers.Count; i++)
        {
            if (matchers[i].NodeId is { } nodeId)
            {
                StringMatching.Validate(nodeId, $"node_matchers[{i}].node_id");
            }

            for (var j = 0; j < matchers[i].NodeMetadatas.Count; j++)
            {
                var field = $"node_matchers[{i}].node_metadatas[{j}]";
                var matcher = matchers[i].NodeMetadatas[j];
                if (matcher.Path.Count == 0 || matcher.Path.Any(s => s.Key.Length == 0))
                {
                    throw Invalid($"{field}.path", "needs at least one segment, each with a non-empty key");
                }

                Validate(matcher.Value, $"{field}.value");
            }
        }
    }

    public static bool Matches(NodeMatcher matcher, NodeStatus node) =>
        (matcher.NodeId is null || StringMatching.Matches(matcher.NodeId, node.NodeId))
        && matcher.NodeMetadatas.All(m => Matches(m.Value, Lookup(node.Node?.Metadata, m.Path)));

    // The value at the path, or null when a segment is missing or a non-final value is not a struct.
    private static Value? Lookup(Struct? metadata, IEnumerable<StructMatcher.Types.PathSegment> path)
    {
        Value? value = null;
        var current = metadata;
        foreach (var segment in path)
        {
            if (current is null || !current.Fields.TryGetValue(segment.Key, out value))
            {
                return null;
            }

            current = value.KindCase == Value.KindOneofCase.StructValue ? value.StructValue : null;
        }

        return value;
    }

    private static bool Matches(ValueMatcher matcher, Value? value) => matcher.MatchPatternCase switch
    {
        ValueMatcher.MatchPatternOneofCase.NullMatch => value?.KindCase == Value.KindOneofCase.NullValue,
        ValueMatcher.MatchPatternOneofCase.DoubleMatch => value?.KindCase == Value.KindOneofCase.NumberValue && Matches(matcher.DoubleMatch, value.NumberValue),
        ValueMatcher.MatchPatternOneofCase.StringMatch => value?.KindCase == Value.KindOneofCase.StringValue && StringMatching.Matches(matcher.StringMatch, value.StringValue),
        ValueMatcher.MatchPatternOneofCase.BoolMatch => value?.KindCase == Value.KindOneofCase.BoolValue && value.BoolValue == matcher.BoolMatch,
        // present_match: false selects nodes without the value.
        ValueMatcher.MatchPatternOneofCase.PresentMatch => (value is not null && value.KindCase != Value.KindOneofCase.None) == matcher.PresentMatch,
        ValueMatcher.MatchPatternOneofCase.ListMatch => value?.KindCase == Value.KindOneofCase.ListValue && value.ListValue.Values.Any(v => Matches(matcher.ListMatch.OneOf, v)),
        ValueMatcher.MatchPatternOneofCase.OrMatch => matcher.OrMatch.ValueMatchers.Any(m => Matches(m, value)),
        _ => false,
    };

    // Range is [start, end), as everywhere in Envoy.
    private static bool Matches(DoubleMatcher matcher, double number) => matcher.MatchPatternCase switch
    {
        DoubleMatcher.MatchPatternOneofCase.Exact => number == matcher.Exact,
        DoubleMatcher.MatchPatternOneofCase.Range => number >= matcher.Range.Start && number < matcher.Range.End,
        _ => false,
    };

    private static void Validate(ValueMatcher? matcher, string field)
    {
        switch (matcher?.MatchPatternCase)
        {
            case null or ValueMatcher.MatchPatternOneofCase.None:
                throw Invalid(field, "needs a match pattern (null_match, double_match, string_match, bool_match, present_match, list_match or or_match)");
            case ValueMatcher.MatchPatternOneofCase.DoubleMatch when matcher.DoubleMatch.MatchPatternCase == DoubleMatcher.MatchPatternOneofCase.None:
                throw Invalid($"{field}.double_match", "needs exact or range");
            case ValueMatcher.MatchPatternOneofCase.StringMatch:
                StringMatching.Validate(matcher.StringMatch, $"{field}.string_match");
                break;
            case ValueMatcher.MatchPatternOneofCase.ListMatch:
                Validate(matcher.ListMatch.OneOf, $"{field}.list_match.one_of");
                break;
            case ValueMatcher.MatchPatternOneofCase.OrMatch:
                if (matcher.OrMatch.ValueMatchers.Count < 2)
                {
                    throw Invalid($"{field}.or_match.value_matchers", "needs at least two matchers");
                }

                for (var k = 0; k < matcher.OrMatch.ValueMatchers.Count; k++)
                {
                    Validate(matcher.OrMatch.ValueMatchers[k], $"{field}.or_match.value_matchers[{k}]");
                }

                break;
        }
    }

    private static GrpcException Invalid(string field, string problem) => new(GrpcStatusCode.InvalidArgument, $"{field}: {problem}");
}
