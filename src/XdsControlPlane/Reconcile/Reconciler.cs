using System.Diagnostics;
using XdsControlPlane.Compiler.Validation;
using XdsControlPlane.Model;
using XdsControlPlane.Xds.Protocol;
using XdsControlPlane.Xds.Snapshots;

namespace XdsControlPlane.Reconcile;

/// <summary>
/// Turns each model the sources publish into snapshots: compile (pure), serialize each resource once, check
/// consistency, publish per profile. Profiles that disappear get an empty snapshot so their proxies drop what
/// they had. Errors of the sources and the compiler are kept for the diagnostics API.
/// </summary>
internal sealed partial class Reconciler(ISnapshotStore store, ILogger<Reconciler> logger)
{
    private readonly Lock _lock = new();
    private readonly ResourceCache _resources = new();
    private HashSet<string> _profiles = [MetadataProfileResolver.DefaultProfile];
    private Compiler.CompileResult? _lastResult;

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

    /// <summary>Compiles and publishes <paramref name="model"/>. Calls are serialized.</summary>
    public void Apply(ModelContext model)
    {
        lock (_lock)
        {
            var watch = Stopwatch.StartNew();
            // An endpoint-only change recompiles just the affected ClusterLoadAssignments.
            var result = _lastResult is { } last && Model is { } lastModel
                ? Compiler.Compiler.Compile(model, last, lastModel)
                : Compiler.Compiler.Compile(model);
            var compiled = watch.Elapsed.TotalMilliseconds;
            var resourcesMs = 0.0;
            var errors = model.SourceErrors.Concat(result.Errors).ToList();
            var published = 0;
            var profiles = new HashSet<string>(StringComparer.Ordinal) { MetadataProfileResolver.DefaultProfile };
            foreach (var (name, resources) in result.Profiles)
            {
                profiles.Add(name);
                var lap = watch.Elapsed.TotalMilliseconds;
                var selected = Resources(name, resources.All(), errors);
                resourcesMs += watch.Elapsed.TotalMilliseconds - lap;
                var snapshot = Snapshot.Create(selected, model.Generation, previous: store.Get(name));
                try
                {
                    published += store.Publish(name, snapshot) ? 1 : 0;
                }
                catch (SnapshotInconsistentException e)
                {
                    // The compiler guarantees consistency; if it ever fails, proxies keep the last good snapshot.
                    LogInconsistent(logger, name, e.Message);
                    errors.Add(new ModelError(new ObjectRef("Profile", string.Empty, name), string.Empty, e.Message, "Inconsistent"));
                }
            }

            foreach (var name in profiles.Where(p => !result.Profiles.ContainsKey(p)).Concat(_profiles.Except(profiles)))
            {
                // No resources for this profile (now): an empty, authoritative snapshot.
                published += store.Publish(name, Snapshot.Create(Array.Empty<XdsResource>(), model.Generation)) ? 1 : 0;
            }

            var (reused, serialized) = (_resources.Reused, _resources.Created);
            LastTimings = (compiled, resourcesMs, watch.Elapsed.TotalMilliseconds - compiled - resourcesMs);
            _resources.Commit();
            _profiles = profiles;
            Errors = errors.OrderBy(e => e.Object).ThenBy(e => e.Field, StringComparer.Ordinal).ToArray();
            Model = model;
            _lastResult = result;
            LogApplied(logger, model.Generation, model.ContentHash, result.Profiles.Count, published, serialized, reused, Errors.Count, watch.ElapsedMilliseconds);
            foreach (var error in Errors)
            {
                LogModelError(logger, error.Severity == ModelErrorSeverity.Warning ? LogLevel.Information : LogLevel.Warning, error.ToString());
            }

            Applied?.Invoke(model, result, Errors);
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

            var (_, name) = XdsResource.KeyOf(message);
            var source = new ObjectRef(message.Descriptor.Name, string.Empty, name);
            errors.AddRange(violations.Select(v => new ModelError(source, v.Path, $"{v.Message} [{v.Rule}] (profile {profile}; resource not sent)", "ConstraintViolation")));
        }

        return selected;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "model generation {Generation} ({Hash}) compiled into {Profiles} profiles, {Published} snapshots published ({Serialized} resources serialized, {Reused} reused), {Errors} errors, in {Milliseconds} ms")]
    private static partial void LogApplied(ILogger logger, long generation, string hash, int profiles, int published, int serialized, int reused, int errors, long milliseconds);

    [LoggerMessage(Message = "{Error}")]
    private static partial void LogModelError(ILogger logger, LogLevel level, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "snapshot for profile {Profile} not published: {Problem}")]
    private static partial void LogInconsistent(ILogger logger, string profile, string problem);
}
