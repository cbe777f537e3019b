namespace XdsControlPlane.Sources.Manifests;

/// <summary>
/// Watching the folders that directory links lead to outside the directory: the loader reads them, but a watcher of the
/// directory does not see through its links. One watcher per linked folder the loader actually read (each folder is read
/// once, by device and inode, so link cycles add none); gone when the link goes. Their events check every file, since
/// the loader names those files by the link's path.
/// </summary>
public sealed partial class ManifestDirectorySource
{
    private const NotifyFilters WatchedChanges = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime;
    private readonly Dictionary<string, FileSystemWatcher> _linkWatchers = new(StringComparer.Ordinal);

    /// <summary>For tests: the linked folders outside the directory being watched.</summary>
    internal IReadOnlyCollection<string> WatchedLinkTargets
    {
        get
        {
            lock (_reloadGate)
            {
                return [.. _linkWatchers.Keys];
            }
        }
    }

    // Under the reload lock, after each load.
    private void WatchLinkedFolders()
    {
        if (!_options.Watch || _disposed)
        {
            return;
        }

        var wanted = _loader.LinkedOutside.ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _linkWatchers.Keys.Where(k => !wanted.Contains(k)).ToList())
        {
            _linkWatchers.Remove(gone, out var watcher);
            watcher!.Dispose();
        }

        foreach (var folder in wanted.Where(f => !_linkWatchers.ContainsKey(f)))
        {
            try
            {
                _linkWatchers[folder] = CreateWatcher(folder, OnLinkedEvent);
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
            {
                LogLinkWatchFailed(folder, _root, e);
            }
        }
    }

    private void OnLinkedEvent(object sender, FileSystemEventArgs e)
    {
        SignalChange();
        ChangeSignaled?.Invoke();
    }

    private void StopWatchingLinkedFolders()
    {
        lock (_reloadGate)
        {
            _disposed = true;
            foreach (var watcher in _linkWatchers.Values)
            {
                watcher.Dispose();
            }

            _linkWatchers.Clear();
        }
    }
}
