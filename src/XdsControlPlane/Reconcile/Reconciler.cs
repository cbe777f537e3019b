using System.Diagnostics;
using XdsControlPlane.Compiler.Validation;
using XdsControlPlane.Model;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Reconcile;

/// <summary>
/// Turns each model the sources publish into snapshots: compile (pure), serialize each resource once, check
/// consistency, record the whole configuration in the history, publish per profile. Profiles absent from the
/// configuration get an empty snapshot so their proxies drop what they had. While a configuration is pinned, new
/// models still compile and enter the history but nothing is published until unpinned. Errors of the sources and the
/// compiler are kept for the diagnostics API.
/// </summary>
/// <param name="store">Where snapshots are published.</param>
/// <param name="logger">Logger.</param>
/// <param name="historyCapacity">Configuration snapshots kept in the history.</param>
/// <param name="pinPath">File the pin is kept in across restarts (see <see cref="PinFile"/>); null keeps it in memory only.</param>
/// <param name="clock">Clock for creation and pin times; the system clock when null.</param>
/// <param name="metrics">Compile-duration and resource metrics; none when null.</param>
/// <param name="compileOptions">What the compiler answers for (the controllerName); <see cref="Compiler.CompileOptions.Default"/> when null.</param>
internal sealed partial class Reconciler(ISnapshotStore store, ILogger<Reconciler> logger, int historyCapacity = 100, string? pinPath = null, TimeProvider? clock = null,
    Diagnostics.Metrics.HostMetrics? metrics = null, Compiler.CompileOptions? compileOptions = null)
{
    private readonly Compiler.CompileOptions _compileOptions = compileOptions ?? Compiler.CompileOptions.Default;
    private readonly Lock _lock = new();
    private readonly ResourceCache _resources = new();
    private readonly SnapshotHistory _history = new(historyCapacity);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private Compiler.CompileResult? _lastResult;
    private ModelContext? _recordedModel;
    private volatile PinnedSnapshot? _pin;

    /// <summary>Errors of the last applied model: the sources' and the compiler's, sorted by object.</summary>
    public IReadOnlyList<ModelError> Errors { get; private set; } = [];

    /// <summary>The last applied model, or null before the first.</summary>
    public ModelContext? Model { get; private set; }

    /// <summary>Milliseconds spent in the last <see cref="Apply"/>: compiling, checking and serializing, building and publishing snapshots.</summary>
    public (double Compile, double Resources, double Publish) LastTimings { get; private set; }

    /// <summary>
    /// Raised at the end of each <see cref="Apply"/> (under its lock, so in model order) with the model, what the
    /// compiler made of it (statuses per Gateway and route) and all errors. Handlers must be quick.
    /// </summary>
    public event Action<ModelContext, Compiler.CompileResult, IReadOnlyList<ModelError>>? Applied;

    /// <summary>True once a model was compiled and published.</summary>
    public bool Ready => Model is not null;

    /// <summary>Compiled configurations, newest first, bounded by the history capacity.</summary>
    public IReadOnlyList<ConfigSnapshot> History => _history.Items;

    /// <summary>The newest compiled configuration (published unless pinned), or null before the first build.</summary>
    public ConfigSnapshot? Latest => _history.Latest;

    /// <summary>The configuration proxies are served: the pinned one, else the newest.</summary>
    public ConfigSnapshot? Current => _pin?.Snapshot ?? _history.Latest;

    /// <summary>Compiles <paramref name="model"/>, records it and publishes it unless pinned. Calls are serialized.</summary>
    public void Apply(ModelContext model)
    {
        lock (_lock)
        {
            var watch = Stopwatch.StartNew();
            // An endpoint-only change recompiles just the affected ClusterLoadAssignments.
            var result = _lastResult is { } last && Model is { } lastModel
                ? Compiler.Compiler.Compile(model, last, lastModel, _compileOptions)
                : Compiler.Compiler.Compile(model, _compileOptions);
            var compiled = watch.Elapsed.TotalMilliseconds;
            if (result.RebuiltAssignments is { } rebuilt && TryApplyEndpoints(model, result, rebuilt, watch, compiled))
            {
                return;
            }

            var resourcesMs = 0.0;
            var errors = model.SourceErrors.Concat(result.Errors).ToList();
            var now = _clock.GetUtcNow();
            var latest = _history.Latest;
            var snapshots = new Dictionary<string, Snapshot>(StringComparer.Ordinal);
            foreach (var (name, resources) in result.Profiles)
            {
                var lap = watch.Elapsed.TotalMilliseconds;
                var selected = Resources(name, resources.All(), errors);
                resourcesMs += watch.Elapsed.TotalMilliseconds - lap;
                var previous = latest?.Profiles.GetValueOrDefault(name);
                var snapshot = Snapshot.Create(selected, model.Generation, now, previous);
                if (previous?.Version == snapshot.Version)
                {
                    snapshots[name] = previous;
                    continue;
                }

                // Unpinned, the store checks consistency as it publishes; pinned, nothing is published, so check here.
                var problems = _pin is null ? [] : SnapshotConsistency.Check(snapshot, previous);
                if (problems.Count > 0)
                {
                    Inconsistent(name, new SnapshotInconsistentException(name, problems), previous, snapshots, errors);
                    continue;
                }

                snapshots[name] = snapshot;
            }

            var (reused, serialized) = (_resources.Reused, _resources.Created);
            _resources.Commit();
            Complete(model, result, ConfigSnapshot.Create(model.Generation, now, snapshots), latest, errors, (watch, compiled, resourcesMs), serialized, reused);
            LogErrorChanges(Errors);
        }
    }

    /// <summary>
    /// The end of every rebuild, full or endpoint-only: publish <paramref name="config"/> unless pinned, record it in the
    /// history when it differs from <paramref name="latest"/>, keep what the next build compares against, log and
    /// notify. Call under the lock.
    /// </summary>
    private void Complete(ModelContext model, Compiler.CompileResult result, ConfigSnapshot config, ConfigSnapshot? latest,
        List<ModelError> errors, (Stopwatch Watch, double Compiled, double Resources) timing, int serialized, int reused)
    {
        var published = 0;
        if (_pin is null)
        {
            published = Publish(config, errors, out config);
        }

        if (config.Version != latest?.Version)
        {
            _history.Add(config.WithCauses(ModelChanges.Between(_recordedModel, model)));
            _recordedModel = model;
        }

        var (watch, compiled, resourcesMs) = timing;
        LastTimings = (compiled, resourcesMs, watch.Elapsed.TotalMilliseconds - compiled - resourcesMs);
        metrics?.Compiled(watch.Elapsed);
        Errors = errors.OrderBy(e => e.Object).ThenBy(e => e.Field, StringComparer.Ordinal).ToArray();
        Model = model;
        _lastResult = result;
        LogApplied(logger, model.Generation, model.ContentHash, result.Profiles.Count, published, serialized, reused, Errors.Count, watch.ElapsedMilliseconds);
        if (_pin is { } pin && config.Version != pin.Snapshot.Version)
        {
            LogHeldByPin(logger, config.Version, pin.Snapshot.Version);
        }

        Applied?.Invoke(model, result, Errors);
    }

    /// <summary>
    /// Makes <paramref name="config"/> the store's content: each of its profiles gets its snapshot, every other profile
    /// the store knows (and the default profile) an empty one. A profile whose snapshot fails the consistency check
    /// keeps what it had; <paramref name="served"/> is the configuration as actually published. Call under the lock.
    /// </summary>
    private int Publish(ConfigSnapshot config, List<ModelError>? errors, out ConfigSnapshot served)
    {
        var published = 0;
        var kept = new Dictionary<string, Snapshot>(config.Profiles, StringComparer.Ordinal);
        foreach (var (name, snapshot) in config.Profiles)
        {
            try
            {
                published += store.Publish(name, snapshot) ? 1 : 0;
            }
            catch (SnapshotInconsistentException e)
            {
                kept.Remove(name);
                Inconsistent(name, e, store.Get(name), kept, errors);
            }
        }

        var variants = new HashSet<string>(StringComparer.Ordinal);
        published += PublishVariants(config.Profiles.ContainsKey(ProfileNames.Proxyless), kept, variants);
        var empty = Snapshot.Create(Array.Empty<XdsResource>(), config.Generation, config.CreatedAt);
        foreach (var name in store.Profiles.Append(SnapshotStore.DefaultProfile).Distinct(StringComparer.Ordinal)
            .Where(p => !config.Profiles.ContainsKey(p) && !variants.Contains(p)))
        {
            // No resources for this profile (now): an empty, authoritative snapshot.
            published += store.Publish(name, empty) ? 1 : 0;
        }

        served = kept.Count == config.Profiles.Count ? config : ConfigSnapshot.Create(config.Generation, config.CreatedAt, kept, config.Causes);
        return published;
    }

    /// <summary>The compiler guarantees consistency; if it ever fails, proxies keep the profile's last good snapshot.</summary>
    private void Inconsistent(string profile, SnapshotInconsistentException e, Snapshot? keep, Dictionary<string, Snapshot> snapshots, List<ModelError>? errors)
    {
        LogInconsistent(logger, profile, e.Message);
        errors?.Add(new ModelError(new ObjectRef("Profile", string.Empty, profile), string.Empty, e.Message, "Inconsistent"));
        if (keep is not null)
        {
            snapshots[profile] = keep;
        }
    }

    /// <summary>
    /// The profile's resources: an unchanged one is reused from the previous build (checked and serialized then);
    /// a new or changed one is checked against the rules Envoy enforces (the validate annotations of its protos) and
    /// serialized once. One that breaks a rule is not sent, so no proxy NACKs it for a reason known in advance; if
    /// leaving it out breaks a reference, the consistency check refuses the snapshot and proxies keep the last good one.
    /// </summary>
    private List<XdsResource> Resources(string profile, IEnumerable<Google.Protobuf.IMessage> messages, List<ModelError> errors)
    {
        var selected = new List<XdsResource>();
        foreach (var message in messages)
        {
            if (_resources.TryReuse(profile, message, out var reused))
            {
                selected.Add(reused);
                continue;
            }

            var violations = ProtoConstraints.Envoy.Check(message);
            if (violations.Count == 0)
            {
                selected.Add(_resources.Add(profile, message));
                continue;
            }

            // Reported on the object the resource came from (the route rule, Service, Gateway or Secret), naming the
            // generated resource and field, so the user knows what to fix.
            var (_, name) = XdsResource.KeyOf(message);
            foreach (var v in violations)
            {
                var origin = Compiler.Origins.Of(message, v.Path);
                var source = origin?.Object ?? new ObjectRef(message.Descriptor.Name, string.Empty, name);
                var field = origin?.Field ?? v.Path;
                errors.Add(new ModelError(source, field, $"generated {message.Descriptor.Name} '{name}' would be rejected by Envoy: {v.Path}: {v.Message} [{v.Rule}] (profile {profile}; resource not sent)", "ConstraintViolation"));
            }
        }

        return selected;
    }
}
