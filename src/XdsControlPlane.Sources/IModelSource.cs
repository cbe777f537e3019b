using XdsControlPlane.Model;

namespace XdsControlPlane.Sources;

/// <summary>
/// A source of model inputs (a manifest directory, the Kubernetes API, the policy store): it loads its state once,
/// then publishes a new <see cref="ModelContext"/> whenever what it holds changes. Each published model has a higher
/// <see cref="ModelContext.Generation"/> than the last and a different <see cref="ModelContext.ContentHash"/>:
/// changes that leave the content equal are not published.
/// </summary>
public interface IModelSource : IAsyncDisposable
{
    /// <summary>Names the source in logs and diagnostics, e.g. <c>manifests:/etc/xds</c>.</summary>
    string Name { get; }

    /// <summary>The latest published model; <see cref="ModelContext.Empty"/> (generation 0) before <see cref="StartAsync"/> completes.</summary>
    ModelContext Current { get; }

    /// <summary>Raised after each model published after the initial one, on the thread that built it. Handlers should be quick.</summary>
    event EventHandler<ModelContext>? Changed;

    /// <summary>Loads the initial state, publishes it as generation 1 and starts watching for changes.</summary>
    /// <returns>The initial model.</returns>
    Task<ModelContext> StartAsync(CancellationToken cancellationToken = default);
}
