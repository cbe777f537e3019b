using XdsControlPlane.Model;
using XdsControlPlane.Sources.Mapping;

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
/// <param name="Objects">The objects in service, in document order (duplicates are resolved across files later): those
/// mapped now, and the last good versions of those whose document broke (see <see cref="LastKnownGood"/>).</param>
/// <param name="Errors">Errors about the file itself: unreadable, unparsable, a document that is not an object.</param>
/// <param name="DocumentOf">For each of <see cref="Objects"/>, the index of the document it is in (broken documents count).</param>
internal sealed record ManifestFile(string Relative, long Length, DateTime LastWriteUtc, DateTime ReadAtUtc, byte[]? ContentHash,
    IReadOnlyList<MappedObject> Objects, IReadOnlyList<ModelError> Errors, IReadOnlyList<int> DocumentOf);
