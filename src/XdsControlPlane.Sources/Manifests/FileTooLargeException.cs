namespace XdsControlPlane.Sources.Manifests;

/// <summary>A manifest file is larger than <see cref="Documents.DocumentLimits.MaxFileBytes"/>; it is not read.</summary>
internal sealed class FileTooLargeException(string message) : IOException(message);
