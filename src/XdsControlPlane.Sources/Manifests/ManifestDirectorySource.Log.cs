using Microsoft.Extensions.Logging;

namespace XdsControlPlane.Sources.Manifests;

/// <summary>Log messages of <see cref="ManifestDirectorySource"/>.</summary>
public sealed partial class ManifestDirectorySource
{
    [LoggerMessage(1, LogLevel.Information, "Loaded {Directory}: generation {Generation}, content {ContentHash}, {Objects} objects, {Errors} errors")]
    private partial void LogLoaded(string directory, long generation, string contentHash, int objects, int errors);

    [LoggerMessage(2, LogLevel.Debug, "Reloaded {Directory}: content {ContentHash} unchanged, nothing published")]
    private partial void LogUnchanged(string directory, string contentHash);

    [LoggerMessage(3, LogLevel.Error, "Reloading {Directory} failed; keeping the last model")]
    private partial void LogReloadFailed(string directory, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "Watching {Directory} failed (events may have been lost); reloading")]
    private partial void LogWatcherError(string directory, Exception exception);

    [LoggerMessage(5, LogLevel.Error, "A handler of model changes from {Directory} threw")]
    private partial void LogHandlerFailed(string directory, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "Watching {Folder}, linked from {Directory}, failed; its changes are seen when every file is checked")]
    private partial void LogLinkWatchFailed(string folder, string directory, Exception exception);
}
