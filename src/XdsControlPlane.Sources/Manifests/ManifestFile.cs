using XdsControlPlane.Model;
using XdsControlPlane.Sources.Kubernetes;

namespace XdsControlPlane.Sources.Manifests;

/// <summary>
/// One manifest file as last read: what identifies its content (size, modification time, SHA-256) and what it mapped
/// to. A reload keeps the entry, and so the same object instances, for as long as the content is the same.
/// </summary>
/// <param name="Relative">Path relative to the directory, with '/' separators (how errors name the file).</param>
/// <param name="Length">Size in bytes when read.</param>
/// <param name="LastWriteUtc">Modification time when read.</param>
/// <param name="ReadAtUtc">When the content was last read or compared (the system clock, which file times follow).</param>
/// <param name="ContentHash">SHA-256 of the content, or null when the file could not be read.</param>
/// <param name="Objects">The mapped objects, in document order (duplicates are resolved across files later).</param>
/// <param name="Errors">Errors about the file itself: unreadable, unparsable, a document that is not an object.</param>
internal sealed record ManifestFile(string Relative, long Length, DateTime LastWriteUtc, DateTime ReadAtUtc, byte[]? ContentHash,
    IReadOnlyList<MappedObject> Objects, IReadOnlyList<ModelError> Errors);
