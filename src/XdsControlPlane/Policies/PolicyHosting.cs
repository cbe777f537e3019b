using XdsControlPlane.Diagnostics;
using XdsControlPlane.Reconcile;
using XdsControlPlane.Sources.Policies;

namespace XdsControlPlane.Policies;

/// <summary>Wiring of the policy store into the host, kept out of Program.cs.</summary>
internal static class PolicyHosting
{
    /// <summary>The database file or PostgreSQL URI: <c>Policies:Database</c>, else <c>&lt;DataDirectory&gt;/policies.db</c>.</summary>
    public static string DatabasePath(ControlPlaneOptions options) =>
        options.Policies.Database ?? Path.Combine(options.DataDirectory, "policies.db");

    /// <summary>Checks <c>--policy-db</c> before anything starts: a malformed PostgreSQL URI is a start-up error naming the option.</summary>
    /// <exception cref="ArgumentException">The URI is malformed (the message holds no password).</exception>
    public static void Validate(ControlPlaneOptions options)
    {
        try
        {
            _ = PolicyDatabase.Parse(DatabasePath(options));
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"Policies:Database (--policy-db): {e.Message}", nameof(options), e);
        }
    }

    /// <summary>
    /// Creates the store, its model source and its write-path health and registers them, with a (non-gating)
    /// readiness check, in <paramref name="services"/>.
    /// </summary>
    /// <returns>The source and health, not started; the caller disposes them.</returns>
    public static PolicyStoreHost AddPolicyStore(this IServiceCollection services, ControlPlaneOptions options, ILoggerFactory loggers, TimeProvider clock)
    {
        var store = new PolicyStore(
            new PolicyStoreOptions { DatabasePath = DatabasePath(options), BusyTimeout = options.Policies.BusyTimeout, PollInterval = options.Policies.PollInterval },
            clock,
            loggers.CreateLogger<PolicyStore>());
        var source = new PolicyStoreSource(store, loggers.CreateLogger<PolicyStoreSource>());
        var health = new PolicyWriteHealth(store, clock);
        services.AddSingleton(store);
        services.AddSingleton(source);
        services.AddSingleton(health);
        services.AddSingleton<IReadinessCheck>(new PolicyStoreReadiness(health, store.DatabasePath));
        return new PolicyStoreHost(source, health);
    }

    /// <summary>Starts the store's source and feeds its models (the first and every later one) to <paramref name="composer"/>.</summary>
    public static Task StartPolicyStoreAsync(this ModelComposer composer, PolicyStoreHost policies, CancellationToken cancellationToken = default) =>
        policies.StartAsync(composer, cancellationToken);
}
