using Microsoft.Extensions.Logging;

namespace XdsControlPlane.Sources.Kubernetes.Status;

/// <summary>Log messages of <see cref="StatusWriter"/>.</summary>
internal sealed partial class StatusWriter
{
    [LoggerMessage(1, LogLevel.Debug, "Patched the status of {Object}")]
    private partial void LogPatched(string @object);

    [LoggerMessage(2, LogLevel.Warning, "Patching the status of {Object} failed (will retry): {Message}")]
    private partial void LogPatchFailed(string @object, string message);

    [LoggerMessage(3, LogLevel.Information, "The status patch of {Object} was computed from resourceVersion {ResourceVersion}, which is no longer current (409 Conflict, attempt {Attempt} of {MaxAttempts}): reading it again and recomputing")]
    private partial void LogConflict(string @object, string resourceVersion, int attempt, int maxAttempts);
}
