using System.IO.Enumeration;

namespace XdsControlPlane.Sources.Manifests;

/// <summary>
/// Listing the directory, and reading a file within the size limit. Listing: Hidden names are skipped. Symbolic links to files are read (a mounted ConfigMap's files are
/// links). Symbolic links to directories are followed, inside the tree or out of it, but every directory is read at most
/// once, recognised by device and inode: first the directories of the tree itself, then the linked ones in path order.
/// So <c>ln -s . loop</c> adds nothing, a link to a folder of the tree does not read it twice, and a link cycle ends.
/// Where device and inode cannot be had (not Linux), links to directories are not followed.
/// </summary>
internal sealed partial class ManifestLoader
{
    private static readonly EnumerationOptions _listing = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
    };

    /// <summary>
    /// The folders outside the directory that links led the last full listing to (resolved paths), so that the source can
    /// watch them too: a watcher of the directory does not see through its links.
    /// </summary>
    internal IReadOnlyList<string> LinkedOutside { get; private set; } = [];

    // Path order (ordinal) decides which of two duplicates wins. Sizes and times come with the listing.
    private static (List<Candidate> Files, List<string> Outside) Files(string root)
    {
        var seen = new HashSet<FileIdentity>();
        var files = new List<Candidate>();
        var outside = new List<string>();
        var links = new SortedSet<string>(StringComparer.Ordinal);
        Walk(root, "", seen, files, links);
        while (links.Min is { } link)
        {
            links.Remove(link);
            var path = Path.Combine(root, link);
            if (Walk(path, link, seen, files, links) && OutsideTarget(root, path) is { } target)
            {
                outside.Add(target);
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        return (files, outside);
    }

    // The real directories under `start` (links to directories are set aside in `links`), each read once; false when
    // `start` itself was not read (gone, or read before under another path).
    private static bool Walk(string start, string startRelative, HashSet<FileIdentity> seen, List<Candidate> files, SortedSet<string> links)
    {
        var pending = new Stack<(string Path, string Relative)>();
        pending.Push((start, startRelative));
        var startRead = false;
        while (pending.TryPop(out var directory))
        {
            if (FileIdentity.Supported && (FileIdentity.Of(directory.Path) is not { } identity || !seen.Add(identity)))
            {
                continue; // gone, or already read under another path
            }

            startRead |= directory.Path == start;

            var prefix = directory.Relative.Length == 0 ? "" : directory.Relative + "/";
            var entries = new FileSystemEnumerable<Entry>(directory.Path,
                (ref entry) => new Entry(entry.ToFullPath(), entry.FileName.ToString(), entry.IsDirectory,
                    (entry.Attributes & FileAttributes.ReparsePoint) != 0, entry.IsDirectory ? 0 : entry.Length, entry.LastWriteTimeUtc.UtcDateTime), _listing);
            foreach (var entry in entries)
            {
                if (entry.Name.StartsWith('.'))
                {
                    continue;
                }

                if (!entry.IsDirectory)
                {
                    if (IsManifest(entry.Name))
                    {
                        files.Add(new Candidate(entry.Path, prefix + entry.Name, entry.Length, entry.LastWriteUtc));
                    }
                }
                else if (!entry.IsLink)
                {
                    pending.Push((entry.Path, prefix + entry.Name));
                }
                else if (FileIdentity.Supported)
                {
                    links.Add(prefix + entry.Name);
                }
            }
        }

        return startRead;
    }

    // Where the link at `path` leads, if that is outside `root`.
    private static string? OutsideTarget(string root, string path)
    {
        try
        {
            var target = Path.GetFullPath(new DirectoryInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path);
            return target == root || target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? null : target;
        }
        catch (IOException)
        {
            return null;
        }
    }

    // Whether a folder on the way to `relative` is a symbolic link (the watcher may name a linked folder's files by
    // either path, so only a listing can say which one they are read under).
    private bool ThroughDirectoryLink(string relative)
    {
        var path = _root;
        var parts = relative.Split('/');
        for (var i = 0; i < parts.Length - 1; i++)
        {
            path = Path.Combine(path, parts[i]);
            if (new DirectoryInfo(path).LinkTarget is not null)
            {
                return true;
            }
        }

        return false;
    }

    // The whole file, unless it is (or grows while read to) more than `limit` bytes.
    private static byte[] ReadBounded(string path, long limit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        var length = stream.Length;
        if (length > limit)
        {
            throw new FileTooLargeException($"the file is {length} bytes, more than the limit of {limit}; not read");
        }

        var buffer = new byte[length];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (read < buffer.Length)
        {
            return buffer[..read];
        }

        // Grown since its length was taken (or a file whose length says nothing): read on, still within the limit.
        var rest = new MemoryStream();
        var chunk = new byte[81920];
        int count;
        while ((count = stream.Read(chunk)) > 0)
        {
            if (length + rest.Length + count > limit)
            {
                throw new FileTooLargeException($"the file grew past the limit of {limit} bytes while it was read; not read");
            }

            rest.Write(chunk, 0, count);
        }

        return rest.Length == 0 ? buffer : [.. buffer, .. rest.ToArray()];
    }

    private readonly record struct Entry(string Path, string Name, bool IsDirectory, bool IsLink, long Length, DateTime LastWriteUtc);
}
