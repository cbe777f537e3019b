using System.Text.Json.Nodes;

namespace XdsControlPlane.Testing.Kubernetes;

/// <summary>An equality-based label selector (<c>a=b,c!=d,e,!f</c>), as the simulated API server evaluates it.</summary>
internal sealed class Selector
{
    private readonly List<(string Key, string? Value, bool Negated)> _terms = [];

    /// <summary>Parses <paramref name="text"/> (null or empty: matches everything).</summary>
    public static Selector Parse(string? text)
    {
        var selector = new Selector();
        foreach (var term in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var notEqual = term.IndexOf("!=", StringComparison.Ordinal);
            var equal = term.IndexOf('=', StringComparison.Ordinal);
            if (notEqual > 0)
            {
                selector._terms.Add((term[..notEqual], term[(notEqual + 2)..], true));
            }
            else if (equal > 0)
            {
                selector._terms.Add((term[..equal], term[(equal + 1)..].TrimStart('='), false));
            }
            else
            {
                selector._terms.Add(term.StartsWith('!') ? (term[1..], null, true) : (term, null, false));
            }
        }

        return selector;
    }

    /// <summary>Whether the fields of <paramref name="obj"/> named by dotted paths (<c>type</c>, <c>metadata.name</c>) satisfy every term.</summary>
    public bool MatchesFields(JsonObject obj) => _terms.All(t =>
    {
        JsonNode? node = obj;
        foreach (var part in t.Key.Split('.'))
        {
            node = node?[part];
        }

        var value = node is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
        return (value == t.Value) != t.Negated;
    });

    /// <summary>Whether <paramref name="labels"/> satisfy every term.</summary>
    public bool Matches(JsonObject? labels) => _terms.All(t =>
    {
        var value = (string?)labels?[t.Key];
        return t.Value is null ? (value is not null) != t.Negated : (value == t.Value) != t.Negated;
    });
}
