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
    private HashSet<string> _profiles = [MetadataProfileResolver.DefaultProfile];

    /// <summary>Errors of the last applied model: the sources' and the compiler's, sorted by object.</summary>
    public IReadOnlyList<ModelError> Errors { get; private set; } = [];

    /// <summary>The last applied model, or null before the first.</summary>
    public ModelContext? Model { get; private set; }

    /// <summary>True once a model was compiled and published.</summary>
    public bool Ready => Model is not null;

    /// <summary>Compiles and publishes <paramref name="model"/>. Calls are serialized.</summary>
    public void Apply(ModelContext model)
    {
        lock (_lock)
        {
            var watch = Stopwatch.StartNew();
            var result = Compiler.Compiler.Compile(model);
            var errors = model.SourceErrors.Concat(result.Errors).ToList();
            var published = 0;
            var profiles = new HashSet<string>(StringComparer.Ordinal) { MetadataProfileResolver.DefaultProfile };
            foreach (var (name, resources) in result.Profiles)
            {
                profiles.Add(name);
                var snapshot = Snapshot.Create(Checked(name, resources.All(), errors).Select(m => XdsResource.Create(m)), model.Generation);
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

            _profiles = profiles;
            Errors = errors.OrderBy(e => e.Object).ThenBy(e => e.Field, StringComparer.Ordinal).ToArray();
            Model = model;
            LogApplied(logger, model.Generation, model.ContentHash, result.Profiles.Count, published, Errors.Count, watch.ElapsedMilliseconds);
            foreach (var error in Errors)
            {
                LogModelError(logger, error.Severity == ModelErrorSeverity.Warning ? LogLevel.Information : LogLevel.Warning, error.ToString());
            }
        }
    }

    /// <summary>
    /// Drops every resource that breaks a rule Envoy enforces (the validate annotations of its protos), so no proxy is
    /// sent what it would NACK for a reason known in advance. If dropping breaks a reference, the consistency check
    /// refuses the snapshot and proxies keep the last good one.
    /// </summary>
    private static IEnumerable<Google.Protobuf.IMessage> Checked(string profile, IEnumerable<Google.Protobuf.IMessage> messages, List<ModelError> errors)
    {
        var all = messages.ToList();
        var bad = ProtoConstraints.Envoy.CheckAll(all);
        foreach (var violating in bad)
        {
            var resource = XdsResource.Create(violating.Message);
            var source = new ObjectRef(violating.Message.Descriptor.Name, string.Empty, resource.Name);
            foreach (var violation in violating.Violations)
            {
                errors.Add(new ModelError(source, violation.Path, $"{violation.Message} [{violation.Rule}] (profile {profile}; resource not sent)", "ConstraintViolation"));
            }
        }

        var dropped = bad.Select(b => b.Index).ToHashSet();
        return all.Where((_, i) => !dropped.Contains(i));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "model generation {Generation} ({Hash}) compiled into {Profiles} profiles, {Published} snapshots published, {Errors} errors, in {Milliseconds} ms")]
    private static partial void LogApplied(ILogger logger, long generation, string hash, int profiles, int published, int errors, long milliseconds);

    [LoggerMessage(Message = "{Error}")]
    private static partial void LogModelError(ILogger logger, LogLevel level, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "snapshot for profile {Profile} not published: {Problem}")]
    private static partial void LogInconsistent(ILogger logger, string profile, string problem);
}
