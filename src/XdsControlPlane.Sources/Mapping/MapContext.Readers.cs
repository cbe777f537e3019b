using System.Globalization;
using XdsControlPlane.Model;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Mapping;

/// <summary>Typed readers: each reads one field, reports a wrong type with its path and line, and returns null (or a
/// neutral value) so mapping can go on. An explicit null counts as absent.</summary>
internal sealed partial class MapContext
{
    /// <summary>The node under <paramref name="key"/>, or null when absent or null.</summary>
    public static DocumentNode? Get(MappingNode map, string key) => map[key] is { } node and not ScalarNode { Kind: ScalarKind.Null } ? node : null;

    /// <summary>A string field (numbers and booleans written unquoted are read as their text).</summary>
    public string? String(MappingNode map, string key, string path) => Get(map, key) switch
    {
        null => null,
        ScalarNode scalar => scalar.Text,
        var other => WrongType<string>(other, NodePath.Key(path, key), "a string"),
    };

    /// <summary>A required string field; reports it and returns "" when absent or empty.</summary>
    public string RequiredString(MappingNode map, string key, string path)
    {
        var value = String(map, key, path);
        if (string.IsNullOrEmpty(value) && Get(map, key) is null or ScalarNode)
        {
            Error(map[key] ?? map, NodePath.Key(path, key), "is required");
        }

        return value ?? "";
    }

    /// <summary>A required integer field; reports it when absent. Null when absent or invalid (already reported).</summary>
    public int? RequiredInt(MappingNode map, string key, string path)
    {
        if (Get(map, key) is null)
        {
            Error(map[key] ?? map, NodePath.Key(path, key), "is required");
            return null;
        }

        return Int(map, key, path);
    }

    /// <summary>An integer field in the range of <see cref="int"/>.</summary>
    public int? Int(MappingNode map, string key, string path) => Long(map, key, path) switch
    {
        null => null,
        var v and >= int.MinValue and <= int.MaxValue => (int)v,
        var v => Fail<int?>(map[key], NodePath.Key(path, key), $"{v} is out of range"),
    };

    /// <summary>A 64-bit integer field.</summary>
    public long? Long(MappingNode map, string key, string path)
    {
        var field = NodePath.Key(path, key);
        return Get(map, key) switch
        {
            null => null,
            ScalarNode { Kind: ScalarKind.Plain or ScalarKind.Number } s when long.TryParse(s.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) => v,
            ScalarNode { Kind: ScalarKind.String } s => Fail<long?>(s, field, $"must be an integer, got the string {Quote(s.Text)} (write it without quotes)"),
            ScalarNode s => Fail<long?>(s, field, $"must be an integer, got {Quote(s.Text)}"),
            var other => WrongType<long?>(other, field, "an integer"),
        };
    }

    /// <summary>A number field (integer or decimal).</summary>
    public double? Double(MappingNode map, string key, string path)
    {
        var field = NodePath.Key(path, key);
        return Get(map, key) switch
        {
            null => null,
            ScalarNode { Kind: ScalarKind.Plain or ScalarKind.Number } s
                when double.TryParse(s.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) => v,
            ScalarNode s => Fail<double?>(s, field, $"must be a number, got {Quote(s.Text)}"),
            var other => WrongType<double?>(other, field, "a number"),
        };
    }

    /// <summary>A boolean field: <c>true</c> or <c>false</c>.</summary>
    public bool? Bool(MappingNode map, string key, string path) => Get(map, key) switch
    {
        null => null,
        ScalarNode { Kind: ScalarKind.Plain or ScalarKind.Boolean } s when bool.TryParse(s.Text, out var v) => v,
        ScalarNode s => Fail<bool?>(s, NodePath.Key(path, key), $"must be true or false, got {Quote(s.Text)}"),
        var other => WrongType<bool?>(other, NodePath.Key(path, key), "true or false"),
    };

    /// <summary>A Gateway API duration field (<see cref="GatewayDuration"/>).</summary>
    public TimeSpan? Duration(MappingNode map, string key, string path) => Get(map, key) switch
    {
        null => null,
        ScalarNode s when GatewayDuration.TryParse(s.Text, out var v) => v,
        ScalarNode s => Fail<TimeSpan?>(s, NodePath.Key(path, key), $"{Quote(s.Text)} is not {GatewayDuration.Expected}"),
        var other => WrongType<TimeSpan?>(other, NodePath.Key(path, key), "a duration"),
    };

    /// <summary>An object field.</summary>
    public MappingNode? Map(MappingNode map, string key, string path) => Get(map, key) switch
    {
        null => null,
        MappingNode m => m,
        var other => WrongType<MappingNode>(other, NodePath.Key(path, key), "an object"),
    };

    /// <summary>The items of a list field, each with its path; a missing list is empty.</summary>
    public IReadOnlyList<(DocumentNode Node, string Path)> List(MappingNode map, string key, string path)
    {
        var field = NodePath.Key(path, key);
        return Get(map, key) switch
        {
            null => [],
            SequenceNode list => [.. list.Items.Select((item, i) => (item, NodePath.Index(field, i)))],
            var other => WrongType<IReadOnlyList<(DocumentNode, string)>>(other, field, "a list") ?? [],
        };
    }

    /// <summary>The object items of a list field; other items are reported and skipped.</summary>
    public IReadOnlyList<(MappingNode Node, string Path)> Objects(MappingNode map, string key, string path)
    {
        var items = new List<(MappingNode, string)>();
        foreach (var (node, itemPath) in List(map, key, path))
        {
            if (node is MappingNode m)
            {
                items.Add((m, itemPath));
            }
            else
            {
                WrongType<MappingNode>(node, itemPath, "an object");
            }
        }

        return items;
    }

    /// <summary>A list of strings.</summary>
    public EquatableArray<string> Strings(MappingNode map, string key, string path) =>
        [.. List(map, key, path).Select(i => i.Node is ScalarNode { Kind: not ScalarKind.Null } s ? s.Text : WrongType<string>(i.Node, i.Path, "a string")).OfType<string>()];

    /// <summary>A list of integers.</summary>
    public EquatableArray<int> Ints(MappingNode map, string key, string path)
    {
        var values = new List<int>();
        foreach (var (node, itemPath) in List(map, key, path))
        {
            if (node is ScalarNode { Kind: ScalarKind.Plain or ScalarKind.Number } s && int.TryParse(s.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
            {
                values.Add(v);
            }
            else
            {
                Error(node, itemPath, $"must be an integer, got {(node is ScalarNode t ? Quote(t.Text) : node.Describe())}");
            }
        }

        return values;
    }

    /// <summary>A map of strings to strings (labels, annotations), sorted by key.</summary>
    public EquatableArray<KeyValuePair<string, string>> StringMap(MappingNode map, string key, string path)
    {
        if (Map(map, key, path) is not { } labels)
        {
            return [];
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in labels.Entries)
        {
            if (value is ScalarNode s)
            {
                pairs.Add(new(name, s.Text));
            }
            else
            {
                WrongType<string>(value, NodePath.Key(NodePath.Key(path, key), name), "a string");
            }
        }

        return [.. pairs.OrderBy(p => p.Key, StringComparer.Ordinal)];
    }

    private T? Fail<T>(DocumentNode? at, string field, string message)
    {
        Error(at, field, message);
        return default;
    }

    private T? WrongType<T>(DocumentNode at, string field, string expected) => Fail<T>(at, field, $"must be {expected}, got {at.Describe()}");
}
