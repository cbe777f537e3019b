namespace XdsControlPlane.Reconcile;

/// <summary>Log messages of the reconcile loop.</summary>
internal sealed partial class Reconciler
{
    [LoggerMessage(Level = LogLevel.Information, Message = "model generation {Generation} ({Hash}) compiled into {Profiles} profiles, {Published} snapshots published ({Serialized} resources serialized, {Reused} reused), {Errors} errors, in {Milliseconds} ms")]
    private static partial void LogApplied(ILogger logger, long generation, string hash, int profiles, int published, int serialized, int reused, int errors, long milliseconds);

    [LoggerMessage(Message = "{Error}")]
    private static partial void LogModelError(ILogger logger, LogLevel level, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "snapshot for profile {Profile} not published: {Problem}")]
    private static partial void LogInconsistent(ILogger logger, string profile, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "an encoding variant keeps the proxyless resource because its rewrite breaks an Envoy constraint: {Problem}")]
    private static partial void LogVariantRewriteRefused(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "configuration {Version} compiled but not published: proxies are pinned to {Pinned}")]
    private static partial void LogHeldByPin(ILogger logger, string version, string pinned);

    [LoggerMessage(Level = LogLevel.Warning, Message = "PINNED every proxy to configuration {Version} (generation {Generation}); newer configurations (newest {Latest}) are not published until unpinned")]
    private static partial void LogPinned(ILogger logger, string version, long generation, string? latest);

    [LoggerMessage(Level = LogLevel.Warning, Message = "UNPINNED configuration {Version}; publishing the newest, {Latest}")]
    private static partial void LogUnpinned(ILogger logger, string version, string? latest);

    [LoggerMessage(Level = LogLevel.Warning, Message = "restored the pin to configuration {Version} from {Path}: proxies are held there until unpinned")]
    private static partial void LogPinRestored(ILogger logger, string version, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "the pin file {Path} could not be restored: {Problem}. Starting UNPINNED; pin again or unpin to replace the file")]
    private static partial void LogPinRestoreFailed(ILogger logger, string path, string problem);
}
