using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using XdsControlPlane.Model;
using XdsControlPlane.Reconcile;
using XdsControlPlane.Sources.Manifests;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Benchmarks.Server;

/// <summary>
/// The host's pipeline on a <see cref="ManifestConfig"/> directory, as the <c>large</c> mode's server runs it: the real
/// <see cref="ManifestDirectorySource"/> (real watcher, real clock, the host's default 100 ms quiet period) into the
/// composer and the reconciler, which publish into the store the xDS server serves. A trigger edits one file and
/// waits until the reconciler has published the result, so the reply's versions are what the proxies must ACK.
/// </summary>
internal sealed class ManifestPipeline : IAsyncDisposable
{
    private readonly ManifestConfig _config;
    private readonly ManifestDirectorySource _source;
    private readonly Reconciler _reconciler;
    private readonly ModelComposer _composer;
    private TaskCompletionSource<long> _applied = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ManifestPipeline(ManifestConfig config, SnapshotStore store)
    {
        _config = config;
        _source = new ManifestDirectorySource(new ManifestDirectoryOptions { Directory = config.Directory }, TimeProvider.System);
        _reconciler = new Reconciler(store, NullLogger<Reconciler>.Instance);
        _composer = new ModelComposer(_reconciler, NullLogger<ModelComposer>.Instance);
        _reconciler.Applied += (model, _, _) => _applied.TrySetResult(model.Generation);
        _source.Changed += (_, model) => _composer.SetBase(model);
    }

    public int Services => _config.Services;

    public int Routes => _config.Routes;

    /// <summary>Writes the directory, loads it and publishes the first snapshots.</summary>
    public static async Task<ManifestPipeline> StartAsync(ManifestConfig config, SnapshotStore store)
    {
        config.Write();
        var pipeline = new ManifestPipeline(config, store);
        pipeline._composer.SetBase(await pipeline._source.StartAsync().ConfigureAwait(false));
        if (store.Get(ManifestConfig.Profile) is null)
        {
            var errors = string.Join("; ", pipeline._reconciler.Errors.Take(3).Select(e => $"{e.Object} {e.Field}: {e.Message}"));
            throw new InvalidOperationException($"the manifests gave no snapshot for profile {ManifestConfig.Profile}: {errors}");
        }

        return pipeline;
    }

    /// <summary>
    /// Applies one trigger (<c>endpoint</c>: one endpoint added to one EndpointSlice; <c>route</c>: one HTTPRoute's
    /// path changed) and returns once the reconciler published it (at most 30 s).
    /// </summary>
    public async Task<(string Changed, double PublishMs)> TriggerAsync(string trigger, int sequence)
    {
        var generation = _reconciler.Model?.Generation ?? 0;
        var started = Stopwatch.GetTimestamp();
        _applied = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var changed = trigger switch
        {
            "endpoint" => _config.AddEndpoint(sequence),
            "route" => _config.EditRoute(sequence),
            _ => throw new ArgumentException($"unknown trigger '{trigger}' (endpoint, route)"),
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await _applied.Task.WaitAsync(timeout.Token).ConfigureAwait(false) <= generation)
        {
            // A late watcher event of an earlier edit: wait for the reload that carries this one.
            _applied = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return (changed, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>What the reconciler reports of its last run (for the reply).</summary>
    public JsonObject LastRun()
    {
        var (compileMs, resourcesMs, publishMs) = _reconciler.LastTimings;
        return new JsonObject
        {
            ["compileMs"] = Math.Round(compileMs, 1),
            ["resourcesMs"] = Math.Round(resourcesMs, 1),
            ["snapshotsMs"] = Math.Round(publishMs, 1),
            ["errors"] = _reconciler.Errors.Count,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _source.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_config.Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
