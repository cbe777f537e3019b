using Microsoft.Extensions.Logging;

namespace XdsControlPlane.Sources.Policies;

/// <summary>Log messages of <see cref="PolicyStore"/>.</summary>
public sealed partial class PolicyStore
{
    [LoggerMessage(1, LogLevel.Information, "Policy database {Path}: applied migrations {Migrations}")]
    private partial void LogMigrated(string path, string migrations);

    [LoggerMessage(2, LogLevel.Warning, "Policy store {Operation} on {Path} failed: {Problem}")]
    private partial void LogFailed(string operation, string path, string problem);

    [LoggerMessage(3, LogLevel.Error, "Policy store {Path} is unavailable ({Problem}); serving the last good policies")]
    private partial void LogFaulted(string path, string problem);

    [LoggerMessage(4, LogLevel.Information, "Policy store {Path} recovered")]
    private partial void LogRecovered(string path);

    [LoggerMessage(5, LogLevel.Information, "Policy {Policy} {Status}, revision {Revision}")]
    private partial void LogChanged(PolicyWriteStatus status, string policy, long revision);
}
