using System.Runtime.CompilerServices;
using System.Threading.Channels;
using XdsControlPlane.Model;

namespace XdsControlPlane.Sources;

/// <summary>Ways to consume an <see cref="IModelSource"/>.</summary>
public static class ModelSourceExtensions
{
    /// <summary>
    /// The current model (once started), then every later one. A slow reader skips intermediate models and gets
    /// the latest: what a rebuild loop wants.
    /// </summary>
    public static async IAsyncEnumerable<ModelContext> WatchAsync(this IModelSource source, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var latest = Channel.CreateBounded<ModelContext>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        void OnChanged(object? sender, ModelContext model) => latest.Writer.TryWrite(model);
        source.Changed += OnChanged;
        try
        {
            var seen = 0L;
            if (source.Current is { Generation: > 0 } current)
            {
                seen = current.Generation;
                yield return current;
            }

            while (await latest.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (latest.Reader.TryRead(out var model) && model.Generation > seen)
                {
                    seen = model.Generation;
                    yield return model;
                }
            }
        }
        finally
        {
            source.Changed -= OnChanged;
        }
    }
}
