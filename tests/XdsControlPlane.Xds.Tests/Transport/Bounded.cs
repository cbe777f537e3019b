namespace XdsControlPlane.Xds.Tests.Transport;

/// <summary>Awaits with an upper bound that is a failure message, not a timing measurement.</summary>
internal static class Bounded
{
    /// <summary>Generous on a loaded 2-core machine; only a hang should ever reach it.</summary>
    public static readonly TimeSpan Generous = TimeSpan.FromSeconds(10);

    /// <summary>Awaits <paramref name="task"/>; fails naming <paramref name="awaiting"/> when it takes longer than <paramref name="bound"/>.</summary>
    public static async Task<T> WaitAsync<T>(Task<T> task, string awaiting, TimeSpan? bound = null)
    {
        await WaitAsync((Task)task, awaiting, bound);
        return await task;
    }

    /// <inheritdoc cref="WaitAsync{T}"/>
    public static async Task WaitAsync(Task task, string awaiting, TimeSpan? bound = null)
    {
        try
        {
            await task.WaitAsync(bound ?? Generous);
        }
        catch (TimeoutException e) when (!task.IsCompleted)
        {
            throw new TimeoutException($"{awaiting} did not happen within {bound ?? Generous}", e);
        }
    }
}
