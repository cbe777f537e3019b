using XdsControlPlane.Model;

namespace XdsControlPlane.Reconcile;

/// <summary>
/// Composes the model the reconciler compiles: the base source's (manifests or Kubernetes) plus the policy store's
/// policies, recomposed whenever either changes. A store policy with the namespace and name of a base policy is left
/// out and reported; the base one (under version control, or in the cluster) wins. Nothing is compiled before the base
/// model arrives, so the first published configuration already has the store's policies.
/// </summary>
internal sealed partial class ModelComposer(Reconciler reconciler, ILogger<ModelComposer> logger)
{
    private readonly Lock _lock = new();
    private ModelContext? _base;
    private ModelContext _store = ModelContext.Empty;
    private long _generation;
    private string? _applied;

    /// <summary>The last composed model, or null before the first.</summary>
    public ModelContext? Composed { get; private set; }

    /// <summary>A new model from the base source; an older generation than the last is ignored.</summary>
    public void SetBase(ModelContext model)
    {
        lock (_lock)
        {
            if (_base is not null && model.Generation < _base.Generation)
            {
                return;
            }

            _base = model;
            Compose();
        }
    }

    /// <summary>A new model from the policy store; an older generation than the last is ignored.</summary>
    public void SetStore(ModelContext model)
    {
        lock (_lock)
        {
            if (model.Generation < _store.Generation)
            {
                return;
            }

            _store = model;
            if (_base is not null)
            {
                Compose();
            }
        }
    }

    /// <summary>The base model with the store's policies and errors added; clashing store policies are reported instead.</summary>
    public static ModelContext Merge(ModelContext baseModel, ModelContext store, long generation)
    {
        var taken = baseModel.Policies.Select(p => p.Ref).ToHashSet();
        var clashes = store.Policies.Where(p => taken.Contains(p.Ref)).Select(p => new ModelError(p.Ref, "metadata.name",
            "a manifest (or the cluster) defines a policy with this namespace and name; that one is used and the policy store's is ignored", "Duplicate"));
        return baseModel.WithPolicies(store.Policies.Where(p => !taken.Contains(p.Ref)), store.SourceErrors.Concat(clashes), generation);
    }

    private void Compose()
    {
        var merged = Merge(_base!, _store, _generation + 1);
        if (merged.ContentHash == _applied)
        {
            return;
        }

        _generation++;
        Composed = merged;
        try
        {
            reconciler.Apply(merged);
            _applied = merged.ContentHash;
        }
        catch (Exception e)
        {
            // A compiler defect must not stop the sources: proxies keep the last published snapshots.
            LogApplyFailed(logger, merged.Generation, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "model generation {Generation} could not be compiled; proxies keep the last published configuration")]
    private static partial void LogApplyFailed(ILogger logger, long generation, Exception exception);
}
