namespace XdsControlPlane.Model;

/// <summary>A validation or compile error attached to the source object it came from.</summary>
/// <param name="Object">The object at fault.</param>
/// <param name="Field">Field path inside it, e.g. <c>spec.rules[0].backendRefs[1].weight</c>.</param>
/// <param name="Message">What is wrong, for a human.</param>
/// <param name="Reason">A machine-readable reason (Gateway API condition reasons where they exist, e.g. <c>BackendNotFound</c>).</param>
public sealed record ModelError(ObjectRef Object, string Field, string Message, string Reason = "Invalid")
{
    /// <summary>Error (the object was dropped) or warning (something was ignored). Defaults to error.</summary>
    public ModelErrorSeverity Severity { get; init; } = ModelErrorSeverity.Error;

    /// <summary><c>Kind ns/name: field: message</c> (without the field when the error is about the whole object).</summary>
    public override string ToString() => Field.Length == 0 ? $"{Object}: {Message}" : $"{Object}: {Field}: {Message}";
}
