using Microsoft.Extensions.Logging;

namespace XdsControlPlane.Sources.Policies;

/// <summary>Log messages of <see cref="PolicyStoreSource"/>.</summary>
public sealed partial class PolicyStoreSource
{
    [LoggerMessage(1, LogLevel.Information, "Policy store {Path}: generation {Generation}, {Policies} policies, {Errors} errors")]
    private partial void LogPublished(string path, long generation, int policies, int errors);

    [LoggerMessage(2, LogLevel.Error, "Policy store {Path} could not be opened at start-up ({Problem}); starting without its policies and retrying")]
    private partial void LogStartFaulted(string path, string problem);

    [LoggerMessage(3, LogLevel.Warning, "Policy store {Path} still unavailable ({Problem}); retrying in {Delay}")]
    private partial void LogRetry(string path, TimeSpan delay, string problem);

    [LoggerMessage(4, LogLevel.Error, "Policy store {Path}: the watch loop failed; it goes on")]
    private partial void LogLoopFailed(string path, Exception exception);

    [LoggerMessage(5, LogLevel.Error, "A handler of model changes from policy store {Path} threw")]
    private partial void LogHandlerFailed(string path, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "Policy store {Path}: change notifications lost ({Problem}); listening again in {Delay}, then re-reading every policy")]
    private partial void LogListenLost(string path, TimeSpan delay, string problem);
}
