using XdsControlPlane.Model;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Mapping;

/// <summary>Maps a Gateway API ReferenceGrant (<c>v1beta1</c> or <c>v1</c>): who may reference what in its namespace.</summary>
internal static class ReferenceGrantMapper
{
    /// <summary>Maps <c>spec</c> of a ReferenceGrant.</summary>
    public static ReferenceGrantModel Map(MapContext ctx, MappingNode spec)
    {
        var from = new List<ReferenceGrantFrom>();
        foreach (var (entry, path) in ctx.Objects(spec, "from", "spec"))
        {
            from.Add(new ReferenceGrantFrom(Group(ctx, entry, path), ctx.RequiredString(entry, "kind", path), ctx.RequiredString(entry, "namespace", path)));
        }

        var to = new List<ReferenceGrantTo>();
        foreach (var (entry, path) in ctx.Objects(spec, "to", "spec"))
        {
            to.Add(new ReferenceGrantTo(Group(ctx, entry, path), ctx.RequiredString(entry, "kind", path), ctx.String(entry, "name", path)));
        }

        return new ReferenceGrantModel(ctx.Object, from, to);
    }

    // The group is required but may be empty (the core group), so only its absence is an error.
    private static string Group(MapContext ctx, MappingNode entry, string path)
    {
        if (MapContext.Get(entry, "group") is null)
        {
            ctx.Error(entry["group"] ?? entry, NodePath.Key(path, "group"), "is required (\"\" for the core group)");
        }

        return ctx.String(entry, "group", path) ?? "";
    }
}
