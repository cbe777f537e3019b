using XdsControlPlane.Model;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Mapping;

/// <summary>
/// The state of mapping one object: its identity, where it came from, and the errors found so far. Mapping goes on
/// after an error so that one pass reports everything wrong with the object; any error drops it.
/// </summary>
internal sealed partial class MapContext(ObjectRef obj, string? file, bool sensitive = false)
{
    private readonly List<ModelError> _errors = [];

    /// <summary>The object being mapped.</summary>
    public ObjectRef Object { get; } = obj;

    /// <summary>The manifest file, relative to the directory, or null for objects from the API.</summary>
    public string? File { get; } = file;

    /// <summary>True for Secrets: messages then never quote a value.</summary>
    public bool Sensitive { get; } = sensitive;

    /// <summary>Errors and warnings so far.</summary>
    public IReadOnlyList<ModelError> Errors => _errors;

    /// <summary>Whether an error (not a warning) was reported.</summary>
    public bool Failed => _errors.Any(e => e.Severity == ModelErrorSeverity.Error);

    /// <summary>Reports an error at <paramref name="at"/> (its line is added for manifests).</summary>
    public void Error(DocumentNode? at, string field, string message, string reason = "Invalid") =>
        _errors.Add(new ModelError(Object, field, message + Where(at), reason));

    /// <summary>Reports a warning: something was ignored, the object is kept.</summary>
    public void Warning(DocumentNode? at, string field, string message, string reason) =>
        _errors.Add(new ModelError(Object, field, message + Where(at), reason) { Severity = ModelErrorSeverity.Warning });

    /// <summary>Adds errors found on the mapped record (validation), locating each by its field path in <paramref name="root"/>.</summary>
    public void AddLocated(IEnumerable<ModelError> errors, DocumentNode root)
    {
        foreach (var error in errors)
        {
            _errors.Add(error with { Object = Object, Message = error.Message + Where(NodePath.Resolve(root, error.Field)) });
        }
    }

    /// <summary><c> (file:line)</c> for manifests, nothing for API objects.</summary>
    public string Where(DocumentNode? at) =>
        File is null ? "" : at is null || at.Line == 0 ? $" ({File})" : $" ({File}:{at.Line})";

    /// <summary>Quotes a value in a message, unless the object is sensitive.</summary>
    public string Quote(string value) => Sensitive ? "the value" : $"'{(value.Length > 64 ? value[..64] + "…" : value)}'";
}
