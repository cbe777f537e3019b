using XdsControlPlane.Model;
using XdsControlPlane.Sources.Documents;
using XdsControlPlane.Sources.Kubernetes;

namespace XdsControlPlane.Sources.Manifests;

/// <summary>
/// Loads a directory of manifests (<c>*.yaml</c>, <c>*.yml</c>, <c>*.json</c>, recursively, in path order) into one
/// <see cref="ModelContext"/>. Hidden files and folders are skipped (a mounted ConfigMap keeps copies in <c>..data</c>).
/// Of two objects with the same kind, namespace and name, the first in path order wins and the second is reported.
/// </summary>
internal static class ManifestLoader
{
    private static readonly string[] _extensions = [".yaml", ".yml", ".json"];

    /// <summary>Loads <paramref name="directory"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public static ModelContext Load(string directory, long generation = 0)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"manifest directory {root} does not exist");
        }

        var objects = new List<MappedObject>();
        var errors = new List<ModelError>();
        var first = new Dictionary<ObjectRef, MappedObject>();
        foreach (var (path, relative) in Files(root))
        {
            var (documents, fileErrors) = ManifestFileReader.Read(path, relative);
            errors.AddRange(fileErrors);
            foreach (var (document, index) in documents.Select((d, i) => (d, i)))
            {
                if (document is not MappingNode node)
                {
                    errors.Add(ManifestFileReader.FileError(relative, $"document {index + 1} is {document.Describe()}, not an object ({relative}:{document.Line})", "Invalid"));
                    continue;
                }

                foreach (var mapped in Expand(node, relative))
                {
                    if (IsIdentified(mapped) && first.TryGetValue(mapped.Ref, out var original))
                    {
                        errors.Add(new ModelError(mapped.Ref, "metadata.name",
                            $"duplicate: {mapped.Ref} is already defined at {original.Location}; this copy is ignored ({mapped.Location})", "Duplicate"));
                        continue;
                    }

                    if (IsIdentified(mapped))
                    {
                        first.Add(mapped.Ref, mapped);
                    }

                    objects.Add(mapped);
                }
            }
        }

        return ModelContextBuilder.Build(objects, errors, generation);
    }

    private static bool IsIdentified(MappedObject mapped) =>
        mapped.Ref.Name.Length > 0 && !mapped.Errors.Any(e => e.Reason == "UnsupportedKind");

    // A List (kubectl get -o yaml) holds objects in items; a typed list (HTTPRouteList) may leave their apiVersion and kind out.
    private static IEnumerable<MappedObject> Expand(MappingNode node, string file)
    {
        var kind = (MapContext.Get(node, "kind") as ScalarNode)?.Text;
        if (kind is null || !kind.EndsWith("List", StringComparison.Ordinal) || MapContext.Get(node, "items") is not SequenceNode items)
        {
            yield return ObjectMapper.Map(node, file);
            yield break;
        }

        var typed = kind != "List";
        var apiVersion = typed ? (MapContext.Get(node, "apiVersion") as ScalarNode)?.Text : null;
        var itemKind = typed ? kind[..^"List".Length] : null;
        foreach (var item in items.Items)
        {
            if (item is MappingNode mapping)
            {
                yield return ObjectMapper.Map(mapping, file, apiVersion, itemKind);
            }
            else
            {
                yield return new MappedObject(new ObjectRef(ManifestFileReader.FileKind, "", file), null,
                    [ManifestFileReader.FileError(file, $"a list item is {item.Describe()}, not an object ({file}:{item.Line})", "Invalid")], null);
            }
        }
    }

    private static IEnumerable<(string Path, string Relative)> Files(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
        return Directory.EnumerateFiles(root, "*", options)
            .Where(f => _extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Select(f => (Path: f, Relative: Path.GetRelativePath(root, f).Replace('\\', '/')))
            .Where(f => !f.Relative.Split('/').Any(part => part.StartsWith('.')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal);
    }
}
