using Microsoft.Extensions.Logging;

namespace XdsControlPlane.Sources.Kubernetes.Status;

/// <summary>Log messages of <see cref="StatusWriter"/>.</summary>
internal sealed partial class StatusWriter
{
    [LoggerMessage(1, LogLevel.Debug, "Patched the status of {Object}")]
    private partial void LogPatched(string @object);

    [LoggerMessage(2, LogLevel.Warning, "Patching the status of {Object} failed (will retry): {Message}")]
    private partial void LogPatchFailed(string @object, string message);
}
