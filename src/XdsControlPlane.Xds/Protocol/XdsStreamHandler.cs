using Microsoft.Extensions.Logging;
using XdsControlPlane.Xds.Ledger;
using XdsControlPlane.Xds.Protocol.Delta;
using XdsControlPlane.Xds.Protocol.Sotw;
using XdsControlPlane.Xds.Snapshots;
using XdsControlPlane.Xds.Transport;

namespace XdsControlPlane.Xds.Protocol;

/// <summary>Runs xDS streams: one SotW or delta engine per call, sharing the store, ledger and profile resolver.</summary>
public sealed class XdsStreamHandler(
    ISnapshotStore store, ProxyLedger ledger, IProfileResolver profiles, TimeProvider clock, ILoggerFactory loggers)
{
    private readonly StreamContext _context = new(store, ledger, profiles, clock, loggers.CreateLogger("XdsControlPlane.Xds.Protocol"));

    /// <summary>Serves a State-of-the-World stream; <paramref name="fixedTypeUrl"/> is null for ADS.</summary>
    public Task RunSotwAsync(IGrpcCall call, string? fixedTypeUrl) => new SotwStream(call, _context, fixedTypeUrl).RunAsync();

    /// <summary>Serves an incremental stream; <paramref name="fixedTypeUrl"/> is null for ADS.</summary>
    public Task RunDeltaAsync(IGrpcCall call, string? fixedTypeUrl) => new DeltaStream(call, _context, fixedTypeUrl).RunAsync();

    /// <summary>Answers one unary <c>Fetch*</c> call for <paramref name="typeUrl"/> (see <see cref="FetchHandler"/>).</summary>
    public Task FetchAsync(IGrpcCall call, string typeUrl) => FetchHandler.RunAsync(call, _context, typeUrl);
}

/// <summary>What every stream shares.</summary>
internal sealed record StreamContext(ISnapshotStore Store, ProxyLedger Ledger, IProfileResolver Profiles, TimeProvider Clock, ILogger Logger);
