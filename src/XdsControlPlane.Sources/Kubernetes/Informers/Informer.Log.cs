using Microsoft.Extensions.Logging;
using XdsControlPlane.Sources.Kubernetes.Api;

namespace XdsControlPlane.Sources.Kubernetes.Informers;

/// <summary>Log messages of <see cref="Informer"/>.</summary>
internal sealed partial class Informer
{
    [LoggerMessage(1, LogLevel.Information, "Listed {Type} in {Namespace}: {Count} objects at resourceVersion {ResourceVersion}")]
    private partial void LogListed(ResourceType type, string @namespace, int count, string resourceVersion);

    [LoggerMessage(2, LogLevel.Information, "Watch of {Type} from resourceVersion {ResourceVersion} expired (410 Gone: {Message}); listing again")]
    private partial void LogGone(ResourceType type, string? resourceVersion, string message);

    [LoggerMessage(3, LogLevel.Warning, "{Type} is not installed in the cluster ({Message}); serving it as empty and checking again with backoff")]
    private partial void LogMissing(ResourceType type, string message);

    [LoggerMessage(4, LogLevel.Warning, "List/watch of {Type} failed ({Failures} in a row), retrying in {Delay}: {Message}")]
    private partial void LogFailed(ResourceType type, int failures, TimeSpan delay, string message);
}
