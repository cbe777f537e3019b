using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>
/// A Gateway's status as Gateway API defines it: <c>Accepted</c> and <c>Programmed</c> on the Gateway, and per
/// listener its supported kinds, attached routes and <c>Accepted</c>, <c>Conflicted</c>, <c>Programmed</c> and
/// <c>ResolvedRefs</c> conditions.
/// </summary>
internal static class ListenerStatuses
{
    /// <summary>The status of <paramref name="gateway"/>.</summary>
    /// <param name="gateway">The Gateway.</param>
    /// <param name="profile">Its profile's name (for messages).</param>
    /// <param name="verdicts">What validation found per listener, in spec order.</param>
    /// <param name="attached">Routes attached per listener name.</param>
    /// <param name="programmed">The number of Envoy listeners (ports) built.</param>
    /// <param name="rejected">Why the Gateway as a whole is not accepted (then nothing of it is programmed), or null.</param>
    public static ObjectStatus Of(GatewayModel gateway, string profile, IReadOnlyList<ListenerVerdict> verdicts,
        IReadOnlyDictionary<string, HashSet<ObjectRef>> attached, int programmed, StatusCondition? rejected = null)
    {
        var listeners = new List<ListenerStatus>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < gateway.Listeners.Count; i++)
        {
            var name = gateway.Listeners[i].Name;
            if (names.Add(name))
            {
                var verdict = verdicts[i];
                var conditions = Conditions(verdict);
                if (rejected is not null)
                {
                    conditions = [.. conditions.Select(c => c.Type == Reasons.Programmed
                        ? new StatusCondition(Reasons.Programmed, false, Reasons.Invalid, "the Gateway is not accepted; see its Accepted condition") : c)];
                }

                listeners.Add(new ListenerStatus(name, [.. verdict.SupportedKinds], attached.GetValueOrDefault(name)?.Count ?? 0, conditions));
            }
        }

        var invalid = gateway.Listeners.Where((_, i) => !verdicts[i].Usable).Select(l => l.Name).Distinct(StringComparer.Ordinal).ToList();
        var accepted = rejected ?? (invalid.Count == 0
            ? new StatusCondition(Reasons.Accepted, true, Reasons.Accepted, "accepted")
            : new StatusCondition(Reasons.Accepted, programmed > 0, Reasons.ListenersNotValid,
                $"listeners not valid: {string.Join(", ", invalid)}; see status.listeners"));
        var programmedCondition = programmed > 0
            ? new StatusCondition(Reasons.Programmed, true, Reasons.Programmed, $"profile {profile}: {programmed} listener(s)")
            : new StatusCondition(Reasons.Programmed, false, Reasons.Invalid, "no listener could be programmed; see status.listeners");
        return new ObjectStatus(gateway.Ref, gateway.Generation, null, [accepted, programmedCondition]) { Listeners = [.. listeners] };
    }

    private static EquatableArray<StatusCondition> Conditions(ListenerVerdict verdict)
    {
        var unresolved = verdict.Unresolved;
        var resolvedRefs = unresolved.Count == 0
            ? new StatusCondition(Reasons.ResolvedRefs, true, Reasons.ResolvedRefs, "all references resolved")
            : new StatusCondition(Reasons.ResolvedRefs, false, MostTelling(unresolved), string.Join("; ", unresolved.Select(u => u.Message)));
        var why = verdict.NotAccepted?.Message ?? verdict.Conflict?.Message ?? (unresolved.Count > 0 ? "no usable certificate" : "listener name used twice");
        return
        [
            verdict.NotAccepted ?? new StatusCondition(Reasons.Accepted, true, Reasons.Accepted, "accepted"),
            verdict.Conflict ?? new StatusCondition(Reasons.Conflicted, false, Reasons.NoConflicts, "no conflicts"),
            verdict.Usable
                ? new StatusCondition(Reasons.Programmed, true, Reasons.Programmed, "programmed")
                : new StatusCondition(Reasons.Programmed, false, Reasons.Invalid, why),
            resolvedRefs,
        ];
    }

    /// <summary>One reason for several unresolved references: a refused reference first (Gateway API says a refused
    /// certificate is RefNotPermitted, never InvalidCertificateRef), then a missing certificate, then unsupported kinds.</summary>
    private static string MostTelling(List<(string Reason, string Message)> unresolved) =>
        new[] { Reasons.RefNotPermitted, Reasons.InvalidCertificateRef, Reasons.InvalidRouteKinds }.First(r => unresolved.Any(u => u.Reason == r));
}
