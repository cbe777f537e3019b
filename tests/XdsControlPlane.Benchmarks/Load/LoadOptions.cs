namespace XdsControlPlane.Benchmarks.Load;

/// <summary>Options of the <c>load</c> mode (see README.md for what each measures).</summary>
internal sealed record LoadOptions(
    int Streams,
    string Protocol,
    int Updates,
    int TimeoutSeconds,
    int Concurrency,
    int Services,
    int EndpointsPerService,
    int UpdateTimeoutSeconds,
    int Attempts,
    int SettleSeconds,
    int PauseMs,
    int KeepAliveSeconds,
    bool ServerGc,
    string ServerLog,
    int FinalIdleSeconds,
    int WaitQuietSeconds)
{
    public static LoadOptions From(Flags args)
    {
        var options = new LoadOptions(
            Streams: args.Int("streams", 10_000, 1, 18_000),
            Protocol: args.String("protocol", "sotw", "sotw", "delta"),
            Updates: args.Int("updates", 5, 0, 1000),
            TimeoutSeconds: args.Int("timeout-seconds", 300, 5, 3600),
            Concurrency: args.Int("concurrency", 200, 1, 5000),
            Services: args.Int("services", 50, 1, 10_000),
            EndpointsPerService: args.Int("endpoints", 3, 1, 1000),
            UpdateTimeoutSeconds: args.Int("update-timeout-seconds", 60, 1, 3600),
            Attempts: args.Int("attempts", 3, 1, 10),
            SettleSeconds: args.Int("settle-seconds", 3, 0, 600),
            PauseMs: args.Int("pause-ms", 1000, 0, 60_000),
            KeepAliveSeconds: args.Int("keepalive-seconds", 30, 0, 3600),
            ServerGc: args.Flag("server-gc"),
            ServerLog: args.String("server-log", "none", "none", "trace", "debug", "information", "warning", "error"),
            FinalIdleSeconds: args.Int("final-idle-seconds", 0, 0, 600),
            WaitQuietSeconds: args.Int("wait-quiet-seconds", 0, 0, 600));
        args.RejectUnknown();
        return options;
    }
}
