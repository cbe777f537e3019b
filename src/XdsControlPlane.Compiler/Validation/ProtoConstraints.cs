using Google.Protobuf;

namespace XdsControlPlane.Compiler.Validation;

/// <summary>
/// Checks messages against the protoc-gen-validate rules in their descriptors — the <c>(validate.rules)</c>,
/// <c>(validate.required)</c> and <c>(validate.disabled)</c> options Envoy enforces on every config it receives —
/// and reports every violation, not just the first. Messages packed in an <c>Any</c> are checked too when the
/// <see cref="Catalog"/> knows their type. What to check per message type is read from the options once and
/// cached; instances are thread-safe and meant to be shared.
/// </summary>
public sealed class ProtoConstraints
{
    private static readonly Lazy<ProtoConstraints> _envoy = new(() => new ProtoConstraints(TypeUrlCatalog.Envoy));

    private readonly PlanCache _plans;

    /// <summary>A checker that unpacks <c>Any</c> values whose type <paramref name="catalog"/> knows.</summary>
    public ProtoConstraints(TypeUrlCatalog catalog)
    {
        Catalog = catalog;
        _plans = new PlanCache(catalog);
    }

    /// <summary>The shared checker over the Envoy API (<see cref="TypeUrlCatalog.Envoy"/>).</summary>
    public static ProtoConstraints Envoy => _envoy.Value;

    /// <summary>The types <c>Any</c> values are unpacked with.</summary>
    public TypeUrlCatalog Catalog { get; }

    /// <summary>Every violation in <paramref name="message"/> and below it, in field order; empty when it is valid.</summary>
    public IReadOnlyList<ConstraintViolation> Check(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new ConstraintWalker(_plans).Run(message);
    }

    /// <summary>
    /// Checks each message of a batch (for example every resource of a snapshot) and returns, in input order, one
    /// entry for each message that has violations; an empty list means all are valid.
    /// </summary>
    public IReadOnlyList<MessageViolations> CheckAll(IEnumerable<IMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var walker = new ConstraintWalker(_plans);
        var found = new List<MessageViolations>();
        var index = 0;
        foreach (var message in messages)
        {
            var violations = walker.Run(message);
            if (violations.Count > 0)
            {
                found.Add(new MessageViolations(index, message, violations));
            }

            index++;
        }

        return found;
    }
}
