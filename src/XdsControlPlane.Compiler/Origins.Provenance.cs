using System.Text.RegularExpressions;
using Envoy.Config.Route.V3;
using Google.Protobuf;
using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler;

/// <summary>Every source object a generated resource came from, optionally narrowed by a client's error message.</summary>
public static partial class Origins
{
    /// <summary>How much of a text <see cref="Sources"/> searches for route names and field paths.</summary>
    public const int MaxMentionLength = 16 * 1024;

    /// <summary>
    /// The source objects (and fields) <paramref name="resource"/> was built from. A RouteConfiguration comes from the
    /// routes whose rules its route entries are (each entry's rule and match; <c>spec.rules</c> for a route with several
    /// entries in it), or, when it holds none, from its Gateway listener or Service port; other resources from their
    /// single origin (<see cref="Of"/>). When <paramref name="mention"/> (a client's NACK message) names route entries,
    /// by name (<c>HTTPRoute/ns/name/rule/0/match/0</c>, as grpc-js and Envoy print them) or by field path
    /// (<c>virtual_hosts[0].routes[1]</c>), only those are returned. Empty when nothing is known.
    /// </summary>
    public static IReadOnlyList<(ObjectRef Object, string Field)> Sources(IMessage resource, string? mention = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource is not RouteConfiguration config)
        {
            return Of(resource) is { } single ? [single] : [];
        }

        var text = mention is null ? string.Empty : mention.Length > MaxMentionLength ? mention[..MaxMentionLength] : mention;
        var entries = new List<(ObjectRef Object, string Field, string Name)>();
        foreach (var host in config.VirtualHosts)
        {
            foreach (var route in host.Routes)
            {
                if (RouteName().Match(route.Name) is { Success: true } entry)
                {
                    entries.Add((new ObjectRef(entry.Groups[1].Value, entry.Groups[2].Value, entry.Groups[3].Value),
                        $"spec.rules[{entry.Groups[4].Value}].matches[{entry.Groups[5].Value}]", route.Name));
                }
            }
        }

        var named = Mentioned(config, entries, text);
        if (named.Count > 0)
        {
            return named;
        }

        if (entries.Count == 0)
        {
            return Listener(config.Name) is { } owner ? [owner] : [];
        }

        return [.. entries.GroupBy(e => e.Object).Select(g => (g.Key, g.Skip(1).Any(e => e.Field != g.First().Field) ? "spec.rules" : g.First().Field))];
    }

    // The route entries a text names, by route name or by field path; in the order of the config, without repeats.
    private static List<(ObjectRef, string)> Mentioned(RouteConfiguration config, List<(ObjectRef Object, string Field, string Name)> entries, string text)
    {
        var found = new List<(ObjectRef, string)>();
        if (text.Length == 0)
        {
            return found;
        }

        foreach (var (obj, field, name) in entries)
        {
            if (text.Contains(name, StringComparison.Ordinal) && !found.Contains((obj, field)))
            {
                found.Add((obj, field));
            }
        }

        foreach (Match path in MentionedPath().Matches(text))
        {
            if (RouteEntry(config, path.Value) is { } origin && !found.Contains(origin))
            {
                found.Add(origin);
            }
        }

        return found;
    }

    [GeneratedRegex(@"virtual_hosts\[\d{1,6}\]\.routes\[\d{1,6}\]")]
    private static partial Regex MentionedPath();
}
