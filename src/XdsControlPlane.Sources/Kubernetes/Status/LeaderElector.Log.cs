using Microsoft.Extensions.Logging;

namespace XdsControlPlane.Sources.Kubernetes.Status;

/// <summary>Log messages of <see cref="LeaderElector"/>.</summary>
internal sealed partial class LeaderElector
{
    [LoggerMessage(1, LogLevel.Information, "{Identity} now leads (Lease {Namespace}/{Name}): writing status")]
    private partial void LogLeading(string identity, string @namespace, string name);

    [LoggerMessage(2, LogLevel.Information, "{Identity} no longer leads (Lease {Namespace}/{Name}): not writing status")]
    private partial void LogStoppedLeading(string identity, string @namespace, string name);

    [LoggerMessage(3, LogLevel.Warning, "Leader election: acquiring or renewing the Lease failed: {Message}")]
    private partial void LogAttemptFailed(string message);
}
