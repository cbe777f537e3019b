using XdsControlPlane.Model;
using XdsControlPlane.Reconcile;
using XdsControlPlane.Sources.Policies;

namespace XdsControlPlane.Policies;

/// <summary>
/// The policy store's source and write-path health as the host runs them: the models the source publishes reach the
/// composer with the write path's error added while writes fail (<see cref="PolicyWriteHealth.Annotate"/>).
/// </summary>
internal sealed class PolicyStoreHost(PolicyStoreSource source, PolicyWriteHealth health) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private ModelContext? _last;

    /// <summary>The store's model source.</summary>
    public PolicyStoreSource Source { get; } = source;

    /// <summary>The write path's health.</summary>
    public PolicyWriteHealth Health { get; } = health;

    /// <summary>Starts the source and feeds its models (the first and every later one) to <paramref name="composer"/>.</summary>
    public async Task StartAsync(ModelComposer composer, CancellationToken cancellationToken = default)
    {
        Source.Changed += (_, model) => Publish(composer, model);
        Health.Changed += () => Publish(composer, null);
        Publish(composer, await Source.StartAsync(cancellationToken));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Source.DisposeAsync();
        Health.Dispose();
    }

    // A new store model, or (null) the last one again because the write path's health changed.
    private void Publish(ModelComposer composer, ModelContext? model)
    {
        lock (_lock)
        {
            _last = model ?? _last;
            if (_last is not null)
            {
                composer.SetStore(Health.Annotate(_last));
            }
        }
    }
}
