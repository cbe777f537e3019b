namespace XdsControlPlane.Xds.Ledger;

/// <summary>A NACK.</summary>
/// <param name="RejectedVersion">The version the client rejected.</param>
/// <param name="Message">The client's own error message.</param>
/// <param name="Code">The gRPC status code in the client's <c>error_detail</c>.</param>
/// <param name="At">When the NACK arrived.</param>
public sealed record NackRecord(string RejectedVersion, string Message, int Code, DateTimeOffset At);
