using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace XdsControlPlane.Testing;

/// <summary>
/// An <see cref="ILoggerFactory"/> that keeps every log record (all categories, all levels) for a test to inspect:
/// level, category, event name, message, the structured properties and the exception, if any.
/// </summary>
public sealed class LogRecorder : ILoggerFactory
{
    private readonly ConcurrentQueue<Record> _records = new();
    private readonly List<(Func<IReadOnlyList<Record>, bool> Condition, TaskCompletionSource Done)> _waiters = [];

    /// <summary>One log record.</summary>
    public sealed record Record(LogLevel Level, string Category, string? EventName, string Message,
        IReadOnlyDictionary<string, object?> Properties, Exception? Exception);

    /// <summary>The records so far, in order.</summary>
    public IReadOnlyList<Record> Records => [.. _records];

    /// <summary>
    /// Completes when <paramref name="condition"/> holds for the records (checked now and after every new record); fails
    /// naming <paramref name="awaiting"/> when it does not within <paramref name="timeout"/> (10 s by default).
    /// </summary>
    public async Task WaitAsync(Func<IReadOnlyList<Record>, bool> condition, string awaiting, TimeSpan? timeout = null)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            _waiters.Add((condition, done));
        }

        Check();
        try
        {
            await done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            var events = Records.GroupBy(r => $"{r.Level} {r.Category} {r.EventName}").Select(g => $"{g.Key} x{g.Count()}");
            throw new TimeoutException($"{awaiting} did not happen within {timeout ?? TimeSpan.FromSeconds(10)}; "
                + $"the log has: {string.Join("; ", events)}", e);
        }
    }

    private void Check()
    {
        lock (_waiters)
        {
            if (_waiters.Count == 0)
            {
                return;
            }

            var records = Records;
            foreach (var waiter in _waiters.Where(w => w.Condition(records)).ToArray())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("records only");

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private sealed class Logger(LogRecorder recorder, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value)
                : new Dictionary<string, object?>();
            recorder._records.Enqueue(new Record(logLevel, category, eventId.Name, formatter(state, exception), properties, exception));
            recorder.Check();
        }
    }
}
