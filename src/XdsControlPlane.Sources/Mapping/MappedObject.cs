using XdsControlPlane.Model;

namespace XdsControlPlane.Sources.Mapping;

/// <summary>
/// The outcome of mapping one source object: the model record (a <see cref="ServiceModel"/>, <see cref="HttpRouteModel"/>,
/// ... or a <see cref="NamespaceInfo"/>), or null when the object was dropped (errors say why) or ignored (no errors,
/// e.g. a Secret that is not of type kubernetes.io/tls).
/// </summary>
/// <param name="Ref">Identity of the object.</param>
/// <param name="Value">The mapped record, or null.</param>
/// <param name="Errors">Errors and warnings, each naming the object, the field path and (for manifests) the file and line.</param>
/// <param name="Location">Where the object was read (<c>file:line</c>) for manifests, else null.</param>
internal sealed record MappedObject(ObjectRef Ref, object? Value, IReadOnlyList<ModelError> Errors, string? Location);
