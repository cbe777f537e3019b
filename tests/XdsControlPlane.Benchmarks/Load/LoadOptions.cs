namespace XdsControlPlane.Benchmarks.Load;

/// <summary>
/// Options of the <c>load</c> and <c>large</c> modes (see README.md for what each measures). <c>large</c> is <c>load</c>
/// against a manifest directory of <c>Services</c> Services and <c>Routes</c> HTTPRoutes on Gateway <c>big/gw</c>, with
/// the proxies claiming that Gateway, and its own defaults (1,000 services x 10 endpoints, 1,000 routes, 5,000 proxies).
/// </summary>
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
    int WaitQuietSeconds,
    int Routes,
    string[] Triggers)
{
    /// <summary>The manifest-directory configuration (<c>large</c> mode) rather than the synthetic snapshot.</summary>
    public bool Large => Routes > 0;

    public static LoadOptions From(Flags args, bool large = false)
    {
        var triggers = args.String("triggers", large ? "endpoint,route" : "endpoint").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (triggers.Length == 0 || triggers.Any(t => t is not ("endpoint" or "route")) || (!large && triggers.Any(t => t != "endpoint")))
        {
            throw new ArgumentException($"--triggers is a comma-separated list of endpoint{(large ? ", route" : string.Empty)}");
        }

        var options = new LoadOptions(
            Streams: args.Int("streams", large ? 5_000 : 10_000, 1, 19_000),
            Protocol: args.String("protocol", "sotw", "sotw", "delta"),
            Updates: args.Int("updates", large ? 6 : 5, 0, 1000),
            TimeoutSeconds: args.Int("timeout-seconds", 300, 5, 3600),
            Concurrency: args.Int("concurrency", 200, 1, 5000),
            Services: args.Int("services", large ? 1_000 : 50, 1, 10_000),
            EndpointsPerService: args.Int("endpoints", large ? 10 : 3, 1, large ? 200 : 1000),
            UpdateTimeoutSeconds: args.Int("update-timeout-seconds", 60, 1, 3600),
            Attempts: args.Int("attempts", 3, 1, 10),
            SettleSeconds: args.Int("settle-seconds", 3, 0, 600),
            PauseMs: args.Int("pause-ms", 1000, 0, 60_000),
            KeepAliveSeconds: args.Int("keepalive-seconds", 30, 0, 3600),
            ServerGc: args.Flag("server-gc"),
            ServerLog: args.String("server-log", "none", "none", "trace", "debug", "information", "warning", "error"),
            FinalIdleSeconds: args.Int("final-idle-seconds", 0, 0, 600),
            WaitQuietSeconds: args.Int("wait-quiet-seconds", 0, 0, 600),
            Routes: large ? args.Int("routes", 1_000, 1, 10_000) : 0,
            Triggers: triggers);
        args.RejectUnknown();
        return options;
    }
}
