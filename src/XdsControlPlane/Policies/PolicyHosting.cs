using XdsControlPlane.Diagnostics;
using XdsControlPlane.Reconcile;
using XdsControlPlane.Sources.Policies;

namespace XdsControlPlane.Policies;

/// <summary>Wiring of the policy store into the host, kept out of Program.cs.</summary>
internal static class PolicyHosting
{
    /// <summary>The database file: <c>Policies:Database</c>, else <c>&lt;DataDirectory&gt;/policies.db</c>.</summary>
    public static string DatabasePath(ControlPlaneOptions options) =>
        options.Policies.Database ?? Path.Combine(options.DataDirectory, "policies.db");

    /// <summary>Creates the store and its model source and registers them, with a readiness check, in <paramref name="services"/>.</summary>
    /// <returns>The source, not started; the caller disposes it.</returns>
    public static PolicyStoreSource AddPolicyStore(this IServiceCollection services, ControlPlaneOptions options, ILoggerFactory loggers, TimeProvider clock)
    {
        var store = new PolicyStore(
            new PolicyStoreOptions { DatabasePath = DatabasePath(options), BusyTimeout = options.Policies.BusyTimeout, PollInterval = options.Policies.PollInterval },
            clock,
            loggers.CreateLogger<PolicyStore>());
        var source = new PolicyStoreSource(store, loggers.CreateLogger<PolicyStoreSource>());
        services.AddSingleton(store);
        services.AddSingleton(source);
        services.AddSingleton<IReadinessCheck>(new PolicyStoreReadiness(store));
        return source;
    }

    /// <summary>Starts <paramref name="source"/> and feeds its models (the first and every later one) to <paramref name="composer"/>.</summary>
    public static async Task StartPolicyStoreAsync(this ModelComposer composer, PolicyStoreSource source, CancellationToken cancellationToken = default)
    {
        source.Changed += (_, model) => composer.SetStore(model);
        composer.SetStore(await source.StartAsync(cancellationToken));
    }
}
