using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using XdsControlPlane.Model;

namespace XdsControlPlane.Sources.Manifests;

/// <summary>
/// Serves a directory of manifests as model contexts: loads it whole, then watches it and reloads it after a debounced
/// burst of changes (quiet period, capped), re-reading only the files whose content changed (see
/// <see cref="ManifestLoader"/>); objects of unchanged files stay the same instances. The watcher's events name the
/// files to check; when they cannot (a directory changed, a hidden name such as a ConfigMap's <c>..data</c> link, lost
/// events), every file is checked. A reload whose content hash equals
/// the current model's is not published. Broken files and invalid objects do not stop a load; they are in <see cref="ModelContext.SourceErrors"/>,
/// and what they held before stays in service (<see cref="LastKnownGood"/>).
/// </summary>
public sealed partial class ManifestDirectorySource : IModelSource
{
    private readonly ManifestDirectoryOptions _options;
    private readonly string _root;
    private readonly ManifestLoader _loader;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _reloadGate = new();
    private readonly Lock _changedGate = new();
    private HashSet<string>? _changedPaths = []; // reported since the last reload; null: check every file
    private ModelContext _current = ModelContext.Empty;
    private Debouncer? _debouncer;
    private FileSystemWatcher? _watcher;
    private long _generation;
    private bool _disposed;

    /// <summary>Creates the source; nothing is read before <see cref="StartAsync"/>.</summary>
    public ManifestDirectorySource(ManifestDirectoryOptions options, TimeProvider? timeProvider = null, ILogger<ManifestDirectorySource>? logger = null)
    {
        _options = options;
        _root = Path.GetFullPath(options.Directory);
        _loader = new ManifestLoader(_root);
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public string Name => $"manifests:{_root}";

    /// <inheritdoc />
    public ModelContext Current => Volatile.Read(ref _current);

    /// <inheritdoc />
    public event EventHandler<ModelContext>? Changed;

    /// <summary>For tests: raised after a file system event reached the debouncer.</summary>
    internal event Action? ChangeSignaled;

    /// <summary>For tests: how many files were parsed and mapped since the source was created.</summary>
    internal int FilesParsed => _loader.FilesParsed;

    /// <summary>For tests: raised after every reload, with whether it published a model.</summary>
    internal event Action<bool>? Reloaded;

    /// <inheritdoc />
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public Task<ModelContext> StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _debouncer, new Debouncer(_time, _options.QuietPeriod, _options.MaxDelay, Reload), null) is not null)
        {
            throw new InvalidOperationException($"{Name} was already started");
        }

        // Watch before the first load, so a change made while it reads is not lost (it costs at most one extra reload).
        if (_options.Watch && Directory.Exists(_root))
        {
            _watcher = CreateWatcher(_root, OnFileEvent);
        }

        return Task.Run(() =>
        {
            lock (_reloadGate)
            {
                var model = _loader.Reload(generation: 1);
                _generation = 1;
                Volatile.Write(ref _current, model);
                WatchLinkedFolders();
                LogLoaded(_root, model.Generation, model.ContentHash, Count(model), model.SourceErrors.Count);
                return model;
            }
        }, cancellationToken);
    }

    /// <summary>Signals a change of unknown files: the next reload checks every file (tests; and hosts that learn of changes another way).</summary>
    internal void SignalChange()
    {
        lock (_changedGate)
        {
            _changedPaths = null;
        }

        _debouncer?.Signal();
    }

    /// <summary>Signals a change of <paramref name="paths"/> (full paths), as the watcher does.</summary>
    internal void SignalFilesChanged(params string[] paths)
    {
        lock (_changedGate)
        {
            _changedPaths?.UnionWith(paths);
        }

        _debouncer?.Signal();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        StopWatchingLinkedFolders();
        _watcher?.Dispose();
        _debouncer?.Dispose();
        return ValueTask.CompletedTask;
    }

    // Every event counts, hidden names too: a mounted ConfigMap changes by swapping its '..data' link.
    private FileSystemWatcher CreateWatcher(string folder, FileSystemEventHandler onEvent)
    {
        var watcher = new FileSystemWatcher(folder) { IncludeSubdirectories = true, NotifyFilter = WatchedChanges };
        watcher.Changed += onEvent;
        watcher.Created += onEvent;
        watcher.Deleted += onEvent;
        watcher.Renamed += (sender, e) => onEvent(sender, e);
        watcher.Error += (_, e) => OnWatcherError(e.GetException());
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    /// <summary>The watcher failed (e.g. its buffer overflowed): events may be lost, so reload (every file is checked) and count the restart.</summary>
    internal void OnWatcherError(Exception error)
    {
        LogWatcherError(_root, error);
        SourceMetrics.WatchRestarted("manifests");
        SignalChange();
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        SignalFilesChanged(e is RenamedEventArgs renamed ? [renamed.OldFullPath, e.FullPath] : [e.FullPath]);
        ChangeSignaled?.Invoke();
    }

    private void Reload()
    {
        lock (_reloadGate)
        {
            if (_generation == 0)
            {
                return;
            }

            HashSet<string>? changed;
            lock (_changedGate)
            {
                (changed, _changedPaths) = (_changedPaths, []);
            }

            ModelContext model;
            try
            {
                model = _loader.Reload(changedPaths: changed);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                lock (_changedGate)
                {
                    _changedPaths = null; // what was reported is not checked yet: check everything next time
                }

                LogReloadFailed(_root, e);
                return;
            }

            WatchLinkedFolders();
            var published = model.ContentHash != _current.ContentHash;
            if (published)
            {
                model = model with { Generation = ++_generation };
                Volatile.Write(ref _current, model);
                LogLoaded(_root, model.Generation, model.ContentHash, Count(model), model.SourceErrors.Count);
                RaiseChanged(model);
            }
            else
            {
                LogUnchanged(_root, _current.ContentHash);
            }

            Reloaded?.Invoke(published);
        }
    }

    // Raised under the reload lock, so handlers see models in generation order.
    private void RaiseChanged(ModelContext model)
    {
        try
        {
            Changed?.Invoke(this, model);
        }
        catch (Exception e)
        {
            LogHandlerFailed(_root, e);
        }
    }

    private static int Count(ModelContext m) =>
        m.Services.Count + m.EndpointSlices.Count + m.Secrets.Count + m.Gateways.Count + m.Routes.Count + m.Policies.Count + m.NamespaceLabels.Count + m.ReferenceGrants.Count;
}
