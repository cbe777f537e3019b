using Microsoft.Extensions.Logging;

namespace XdsControlPlane.Xds.Transport;

/// <summary>Log events of <see cref="TlsCredentials"/>.</summary>
internal sealed partial class TlsCredentials
{
    [LoggerMessage(EventName = "TlsReloaded", Level = LogLevel.Information,
        Message = "TLS files reloaded: server certificate {Subject} (thumbprint {Thumbprint}, valid until {NotAfter:u}){ClientCa}; new connections use it, open streams keep theirs")]
    private static partial void LogReloaded(ILogger logger, string subject, string thumbprint, DateTime notAfter, string clientCa);

    [LoggerMessage(EventName = "TlsReloadFailed", Level = LogLevel.Error,
        Message = "TLS file {File} was not reloaded: {Error}; new connections keep the previous certificates until it is fixed")]
    private static partial void LogReloadFailed(ILogger logger, string file, string error);

    [LoggerMessage(EventName = "TlsWatchFailed", Level = LogLevel.Warning,
        Message = "cannot watch {Folder} for TLS file changes ({Error}); they are checked every {Interval} instead")]
    private static partial void LogWatchFailed(ILogger logger, string folder, string error, TimeSpan interval);

    // Warning, once per refused handshake: a refused client is either misconfigured (its operator needs to know which
    // certificate and why) or probing. Subject and peer are written escaped and cut by the log sink.
    [LoggerMessage(EventName = "ClientCertificateRefused", Level = LogLevel.Warning,
        Message = "TLS client certificate {Subject} from {Peer} refused ({Reason}): {Detail}")]
    private static partial void LogClientRefused(ILogger logger, string subject, string peer, string reason, string detail);
}
