namespace XdsControlPlane.Sources.Manifests;

/// <summary>Settings of <see cref="ManifestDirectorySource"/>.</summary>
public sealed record ManifestDirectoryOptions
{
    /// <summary>The directory to load, recursively.</summary>
    public required string Directory { get; init; }

    /// <summary>Reload once no file has changed for this long (default 100 ms).</summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Reload at the latest this long after the first change of a burst, even if changes keep coming (default 1 s).</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Watch the directory for changes (default true; off, the model is loaded once).</summary>
    public bool Watch { get; init; } = true;
}
