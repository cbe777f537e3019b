using XdsControlPlane.Model;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Manifests;

/// <summary>One document of a manifest file as parsed: its root node, or the error that kept it from parsing.</summary>
/// <param name="Line">The line it starts on (for a broken one, where the error is).</param>
/// <param name="Node">The root node, or null when the document is broken.</param>
/// <param name="Error">Why it is broken (a <see cref="ManifestFileReader.FileKind"/> error naming file and line), or null.</param>
internal sealed record ManifestDocument(int Line, DocumentNode? Node, ModelError? Error);
