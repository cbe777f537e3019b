using System.Security.Cryptography;
using XdsControlPlane.Model;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Manifests;

/// <summary>
/// Loads a directory of manifests (<c>*.yaml</c>, <c>*.yml</c>, <c>*.json</c>, recursively, in path order) into one
/// <see cref="ModelContext"/>. Hidden files and folders are skipped (a mounted ConfigMap keeps copies in <c>..data</c>).
/// Of two objects with the same kind, namespace and name, the first in path order wins and the second is reported.
/// An object whose document breaks keeps its last good version (<see cref="LastKnownGood"/>); files and documents are
/// read within <see cref="DocumentLimits"/>; directory links are followed, each directory read once (ManifestLoader.Files.cs).
/// </summary>
/// <remarks>
/// Each <see cref="Reload"/> reads and maps again only the files whose content changed (size and modification time
/// first, then a SHA-256 of the content, since editors rewrite files unchanged); every other file keeps its mapped
/// objects, as the same instances. Told which paths changed, it looks at just those instead of listing the directory.
/// The model is assembled from the per-file results, and an edit of one EndpointSlice leaves every other collection
/// the previous model's own array, which the compiler's endpoint-only path and the model's hash cache rely on.
/// Not thread-safe: the source calls it under its reload lock.
/// </remarks>
internal sealed partial class ManifestLoader
{
    // A file written this close to (or after) its last read may have changed again within the file system's timestamp
    // granularity without a new size or time, so its content is compared rather than trusted.
    private static readonly TimeSpan _racyWindow = TimeSpan.FromSeconds(2);
    private static readonly string[] _extensions = [".yaml", ".yml", ".json"];
    private readonly string _root;
    private readonly DocumentLimits _limits;
    private readonly Dictionary<string, ManifestFile> _files = new(StringComparer.Ordinal);
    private string[] _order = []; // the keys of _files in path order
    private ModelContext? _model;

    /// <summary>Creates a loader of <paramref name="directory"/>; nothing is read before <see cref="Reload"/>.</summary>
    /// <param name="directory">The directory.</param>
    /// <param name="limits">Bounds on files and documents; <see cref="DocumentLimits.Default"/> when null.</param>
    public ManifestLoader(string directory, DocumentLimits? limits = null)
    {
        _root = Path.GetFullPath(directory);
        _limits = limits ?? DocumentLimits.Default;
    }

    /// <summary>For tests: how many files were parsed and mapped since this loader was created.</summary>
    internal int FilesParsed { get; private set; }

    /// <summary>For tests: where each object in service was read (<c>file:line</c>), in path order.</summary>
    internal IEnumerable<string> Locations() => _order.SelectMany(r => _files[r].Objects).Select(o => o.Location ?? "");

    /// <summary>Loads <paramref name="directory"/> once.</summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public static ModelContext Load(string directory, long generation = 0) => new ManifestLoader(directory).Reload(generation);

    /// <summary>
    /// The directory's model now, re-reading only changed files; when no file changed, the previous model (same content
    /// hash). <paramref name="changedPaths"/> (full paths a watcher reported) limits the check to those files; null, or a
    /// path that is a directory or hidden (a ConfigMap swapping its <c>..data</c> link), checks every file. If listing
    /// the directory fails, the loader is left as it was.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="IOException">The directory could not be listed.</exception>
    public ModelContext Reload(long generation = 0, IReadOnlyCollection<string>? changedPaths = null)
    {
        if (!Directory.Exists(_root))
        {
            throw new DirectoryNotFoundException($"manifest directory {_root} does not exist");
        }

        var readAt = DateTime.UtcNow;
        var (candidates, removed) = (_model is null || changedPaths is null ? null : Targeted(changedPaths)) ?? Scan();

        var changes = new List<(ManifestFile? Old, ManifestFile? New)>();
        var pending = new List<(ManifestFile? Old, Candidate File, byte[] Bytes, byte[] Hash)>();
        foreach (var candidate in candidates)
        {
            var old = _files.GetValueOrDefault(candidate.Relative);
            if (old is { ContentHash: not null } && old.Length == candidate.Length && old.LastWriteUtc == candidate.LastWriteUtc
                && candidate.LastWriteUtc < old.ReadAtUtc - _racyWindow)
            {
                continue;
            }

            byte[] bytes;
            try
            {
                bytes = ReadBounded(candidate.Path, _limits.MaxFileBytes);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Unreadable (or too large) is not deleted: its objects keep their last good versions.
                var error = e is FileTooLargeException ? ManifestFileReader.FileError(candidate.Relative, e.Message, "TooLarge") : ManifestFileReader.ReadError(candidate.Relative, e);
                changes.Add((old, Map(old, candidate, readAt, null, [new ManifestDocument(0, null, error)], [])));
                continue;
            }

            var hash = SHA256.HashData(bytes);
            if (old?.ContentHash is { } known && known.AsSpan().SequenceEqual(hash))
            {
                _files[old.Relative] = old with { Length = candidate.Length, LastWriteUtc = candidate.LastWriteUtc, ReadAtUtc = readAt };
                continue;
            }

            pending.Add((old, candidate, bytes, hash));
        }

        changes.AddRange(removed.Select(r => ((ManifestFile?)_files[r], (ManifestFile?)null)));
        if (changes.Count == 0 && pending.Count == 0 && _model is not null)
        {
            return _model.Generation == generation ? _model : _model with { Generation = generation };
        }

        // What changed and removed files mapped to before: an object that maps to an equal value again (the Service next
        // to an edited EndpointSlice, every object of a renamed file) keeps its old instance.
        var previousValues = PreviousValues(changes.Select(c => c.Old).Concat(pending.Select(p => p.Old)));
        foreach (var (old, file, bytes, hash) in pending)
        {
            changes.Add((old, Map(old, file, readAt, hash, ManifestFileReader.Parse(bytes, file.Relative, _limits), previousValues)));
            FilesParsed++;
        }

        var reordered = Apply(changes);
        var model = (reordered ? null : TryPatch(changes, generation)) ?? Build(generation);
        _model = model;
        return model;
    }

    // Records the changes; true when files came or went (the path order changed).
    private bool Apply(List<(ManifestFile? Old, ManifestFile? New)> changes)
    {
        var reordered = false;
        foreach (var (old, file) in changes)
        {
            reordered |= old is null || file is null;
            if (file is null)
            {
                _files.Remove(old!.Relative);
            }
            else
            {
                _files[file.Relative] = file;
            }
        }

        if (reordered)
        {
            _order = [.. _files.Keys.Order(StringComparer.Ordinal)];
        }

        return reordered;
    }

    // Every manifest file of the directory; the listing completes before anything changes.
    private (List<Candidate>, List<string>) Scan()
    {
        var (listed, outside) = Files(_root);
        LinkedOutside = outside;
        var present = listed.Select(f => f.Relative).ToHashSet(StringComparer.Ordinal);
        return (listed, [.. _files.Keys.Where(k => !present.Contains(k))]);
    }

    // Just the reported paths, or null when only a full scan can tell (a directory, a hidden name, a vanished folder).
    private (List<Candidate>, List<string>)? Targeted(IReadOnlyCollection<string> changedPaths)
    {
        var candidates = new List<Candidate>();
        var removed = new List<string>();
        foreach (var path in changedPaths.Distinct(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(_root, path).Replace('\\', '/');
            if (relative == "." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative) || IsHidden(relative) || Directory.Exists(path)
                || ThroughDirectoryLink(relative))
            {
                return null; // a directory link may name a folder read under another path: only the listing knows
            }

            if (File.Exists(path))
            {
                if (IsManifest(relative))
                {
                    try
                    {
                        // Hidden or system by attribute (not by name) is skipped by the listing; let it decide.
                        var info = new FileInfo(path);
                        if ((info.Attributes & (FileAttributes.Hidden | FileAttributes.System)) != 0)
                        {
                            return null;
                        }

                        candidates.Add(new Candidate(info.FullName, relative, info.Length, info.LastWriteTimeUtc));
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        return null; // gone or unreadable since the event
                    }
                }
            }
            else if (_files.ContainsKey(relative))
            {
                removed.Add(relative);
            }
            else if (_order.Any(k => k.StartsWith(relative + "/", StringComparison.Ordinal)))
            {
                return null;
            }
        }

        return (candidates, removed);
    }

    private static Dictionary<ObjectRef, object> PreviousValues(IEnumerable<ManifestFile?> files)
    {
        var values = new Dictionary<ObjectRef, object>();
        foreach (var mapped in files.SelectMany(f => f?.Objects ?? []))
        {
            if (mapped.Value is { } value)
            {
                values.TryAdd(mapped.Ref, value);
            }
        }

        return values;
    }

    private static bool IsManifest(string relative) => _extensions.Contains(Path.GetExtension(relative), StringComparer.OrdinalIgnoreCase);

    private static bool IsHidden(string relative) => relative.StartsWith('.') || relative.Contains("/.", StringComparison.Ordinal);

    /// <summary>A manifest file as listed, before it is compared with what was read last time.</summary>
    private readonly record struct Candidate(string Path, string Relative, long Length, DateTime LastWriteUtc);
}
