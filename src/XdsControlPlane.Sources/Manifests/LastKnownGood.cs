using XdsControlPlane.Model;
using XdsControlPlane.Sources.Documents;
using XdsControlPlane.Sources.Mapping;

namespace XdsControlPlane.Sources.Manifests;

/// <summary>
/// Keeps in service what a broken edit of a file would otherwise withdraw, as the Kubernetes API server refuses a bad
/// update instead of deleting the object. Given the objects a file held when last read and its documents as read now,
/// an object stays as it was when
/// <list type="bullet">
/// <item>its new version is invalid: same kind, namespace and name, mapped with errors; or</item>
/// <item>its document is broken (does not parse, is not an object, or holds an invalid object of unknown identity).
/// The documents that map to known objects are matched to the old documents that held them, in order; an old document
/// that lies between two matched ones (or before the first, or after the last) belongs to the new documents between
/// them. If one of those is broken, the old document's objects are kept; if none is, the edit deleted them.</item>
/// </list>
/// A file replaced by garbage (nothing matches, something is broken) keeps everything; a file that parses and no longer
/// holds an object deletes it. Each kept object carries a warning naming the file and line of the broken version.
/// </summary>
internal static class LastKnownGood
{
    /// <summary>The reason of the warning on a kept object.</summary>
    public const string Reason = "LastKnownGood";

    /// <summary>The objects to serve from <paramref name="documents"/>, in document order, and each one's document index.</summary>
    /// <param name="previous">The file as last read, or null when it is new.</param>
    /// <param name="documents">Every document as read now, with the objects it mapped to.</param>
    /// <param name="file">The file's relative path, for messages.</param>
    public static (List<MappedObject> Objects, List<int> DocumentOf) Merge(ManifestFile? previous,
        IReadOnlyList<(ManifestDocument Document, IReadOnlyList<MappedObject> Objects)> documents, string file)
    {
        var old = new Dictionary<ObjectRef, (MappedObject Object, int Document)>();
        var oldInOrder = new List<(MappedObject Object, int Document)>();
        for (var i = 0; previous is not null && i < previous.Objects.Count; i++)
        {
            if (previous.Objects[i] is { Value: not null } o && Identified(o) && old.TryAdd(o.Ref, (o, previous.DocumentOf[i])))
            {
                oldInOrder.Add((o, previous.DocumentOf[i]));
            }
        }

        if (old.Count > 0 && documents.Count > 0 && documents.All(d => d.Document.Node is not MappingNode))
        {
            // Nothing of the file reads (garbage, unreadable, too large): everything stays, in its old places, so that a
            // later edit that fixes only part of it still lines up with the documents it had.
            var line = documents[0].Document.Line;
            return ([.. oldInOrder.Select(p => Kept(p.Object, [], $"its file no longer reads ({file}:{line})"))], [.. oldInOrder.Select(p => p.Document)]);
        }

        var keptAt = old.Count == 0 ? [] : KeptForBrokenDocuments(old, oldInOrder, documents);
        var objects = new List<MappedObject>();
        var documentOf = new List<int>();
        for (var i = 0; i < documents.Count; i++)
        {
            foreach (var mapped in documents[i].Objects)
            {
                objects.Add(Rejected(mapped) && Identified(mapped) && old.TryGetValue(mapped.Ref, out var last)
                    ? Kept(last.Object, mapped.Errors, $"its new version ({mapped.Location}) is invalid")
                    : mapped);
                documentOf.Add(i);
            }

            foreach (var kept in keptAt.GetValueOrDefault(i) ?? [])
            {
                var where = documents[i].Document.Node switch
                {
                    null => "no longer parses",
                    MappingNode => "holds an invalid object",
                    _ => "is not an object",
                };
                objects.Add(Kept(kept, [], $"its document {where} ({file}:{documents[i].Document.Line})"));
                documentOf.Add(i);
            }
        }

        return (objects, documentOf);
    }

    // For each broken new document: the old objects it stands for (see the class summary), in their old order.
    private static Dictionary<int, List<MappedObject>> KeptForBrokenDocuments(Dictionary<ObjectRef, (MappedObject Object, int Document)> old,
        List<(MappedObject Object, int Document)> oldInOrder, IReadOnlyList<(ManifestDocument Document, IReadOnlyList<MappedObject> Objects)> documents)
    {
        var present = documents.SelectMany(d => d.Objects).Where(Identified).Select(o => o.Ref).ToHashSet();
        var kept = new Dictionary<int, List<MappedObject>>();
        var (gapStart, previousMatch, lastMatch) = (0, -1, -1);
        for (var i = 0; i <= documents.Count; i++)
        {
            var match = int.MaxValue; // past the last document: the gap runs to the end of the old file
            if (i < documents.Count)
            {
                match = documents[i].Objects.Where(Identified).Select(o => old.TryGetValue(o.Ref, out var p) ? p.Document : -1)
                    .Where(d => d > lastMatch).DefaultIfEmpty(-1).Min();
                if (match < 0)
                {
                    continue;
                }

                lastMatch = match;
            }

            var broken = Enumerable.Range(gapStart, i - gapStart).Where(j => Broken(documents[j])).DefaultIfEmpty(-1).First();
            if (broken >= 0)
            {
                var (from, to) = (previousMatch, match);
                kept[broken] = [.. oldInOrder.Where(p => p.Document > from && p.Document < to && !present.Contains(p.Object.Ref)).Select(p => p.Object)];
            }

            (gapStart, previousMatch) = (i + 1, match);
        }

        return kept;
    }

    private static MappedObject Kept(MappedObject last, IReadOnlyList<ModelError> newErrors, string why) => last with
    {
        Errors =
        [
            .. last.Errors.Where(e => e.Reason != Reason), .. newErrors,
            new ModelError(last.Ref, "", $"not updated: {why}; the last good version ({last.Location}) stays in service", Reason)
            {
                Severity = ModelErrorSeverity.Warning,
            },
        ],
    };

    private static bool Broken((ManifestDocument Document, IReadOnlyList<MappedObject> Objects) document) =>
        document.Document.Node is not MappingNode || document.Objects.Any(Rejected);

    private static bool Rejected(MappedObject mapped) => mapped.Value is null && mapped.Errors.Any(e => e.Severity == ModelErrorSeverity.Error);

    /// <summary>Whether <paramref name="mapped"/> names an object (not a file, not a kind this server skips).</summary>
    public static bool Identified(MappedObject mapped) =>
        mapped.Ref.Name.Length > 0 && mapped.Ref.Kind != ManifestFileReader.FileKind && !mapped.Errors.Any(e => e.Reason == "UnsupportedKind");
}
