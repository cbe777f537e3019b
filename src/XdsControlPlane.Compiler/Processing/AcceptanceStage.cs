using Google.Protobuf;
using XdsControlPlane.Compiler.Validation;
using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>
/// The last stage of a compilation: every profile through <see cref="EnvoyAcceptance"/>, each violation reported on
/// the source object (and field) the offending part came from, traced through the resource's name (<see cref="Origins"/>).
/// </summary>
internal static class AcceptanceStage
{
    public static void Run(CompileContext context, IDictionary<string, ProfileResources> profiles)
    {
        foreach (var name in profiles.Keys.ToList())
        {
            var (accepted, violations) = EnvoyAcceptance.Check(profiles[name]);
            if (violations.Count == 0)
            {
                continue;
            }

            profiles[name] = accepted;
            foreach (var violation in violations)
            {
                var (source, field) = Source(violation);
                var (type, resource) = (violation.Resource.Descriptor.Name, NameOf(violation.Resource));
                context.Error(source, field,
                    $"generated {type} '{resource}' would be rejected by Envoy: {violation.Path}: {violation.Message} [{violation.Rule.Id}: {violation.Rule.Source}] (profile {name}; {violation.LeftOut} left out)",
                    Reasons.RejectedByEnvoy);
            }
        }
    }

    /// <summary>The object and field to report on: the origin of the part, refined to the field the rule is about.</summary>
    private static (ObjectRef Object, string Field) Source(EnvoyRuleViolation violation)
    {
        if (Origins.Of(violation.Resource, violation.Path) is not { } origin)
        {
            return (new ObjectRef(violation.Resource.Descriptor.Name, string.Empty, NameOf(violation.Resource)), violation.Path);
        }

        var rule = origin.Field.IndexOf(".matches[", StringComparison.Ordinal);
        return violation.SourceField switch
        {
            "hostnames" when origin.Object.Kind is "HTTPRoute" or "GRPCRoute" => (origin.Object, "spec.hostnames"),
            "filters" when rule > 0 => (origin.Object, origin.Field[..rule] + ".filters"),
            _ => origin,
        };
    }

    private static string NameOf(IMessage resource) =>
        resource.Descriptor.FindFieldByName("name")?.Accessor.GetValue(resource) as string ?? string.Empty;
}
