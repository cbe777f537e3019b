namespace XdsControlPlane.Reconcile;

/// <summary>Pin and rollback: hold every proxy at one configuration while newer ones keep compiling.</summary>
internal sealed partial class Reconciler
{
    /// <summary>The pinned configuration, or null when the newest one is served.</summary>
    public PinnedSnapshot? Pinned => _pin;

    /// <summary>Why the pin file could not be restored at start-up (the server then started unpinned); null otherwise.</summary>
    public string? PinRestoreError { get; private set; }

    /// <summary>
    /// The configurations whose version starts with <paramref name="versionPrefix"/> (lower-case hex), newest first,
    /// the pinned one included even when the history no longer holds it.
    /// </summary>
    public IReadOnlyList<ConfigSnapshot> Find(string versionPrefix)
    {
        var found = _history.Matching(versionPrefix).ToList();
        if (_pin is { } pin && pin.Snapshot.Version.StartsWith(versionPrefix, StringComparison.Ordinal) && !found.Contains(pin.Snapshot))
        {
            found.Add(pin.Snapshot);
        }

        return found;
    }

    /// <summary>
    /// Pins <paramref name="snapshot"/>: it is persisted, then published to every profile (profiles it lacks get an
    /// empty snapshot). Newer models keep compiling into the history but are not published until <see cref="Unpin"/>.
    /// </summary>
    /// <exception cref="IOException">The pin could not be persisted; nothing changed.</exception>
    public PinnedSnapshot Pin(ConfigSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_lock)
        {
            var pin = new PinnedSnapshot(snapshot, _clock.GetUtcNow());
            if (pinPath is not null)
            {
                PinFile.Save(pinPath, pin);
            }

            _pin = pin;
            PinRestoreError = null;
            Publish(snapshot, null, out _);
            LogPinned(logger, snapshot.Version, snapshot.Generation, Latest?.Version);
            return pin;
        }
    }

    /// <summary>Removes the pin (if any) and publishes the newest configuration. Returns false when nothing was pinned.</summary>
    public bool Unpin()
    {
        lock (_lock)
        {
            PinRestoreError = null;
            if (pinPath is not null)
            {
                File.Delete(pinPath);
            }

            if (_pin is not { } pin)
            {
                return false;
            }

            _pin = null;
            if (Latest is { } latest)
            {
                Publish(latest, null, out _);
            }

            LogUnpinned(logger, pin.Snapshot.Version, Latest?.Version);
            return true;
        }
    }

    /// <summary>
    /// Restores the pin kept in the pin file by an earlier process and publishes it, so proxies are held at exactly
    /// that configuration (same versions) from the start. The restored configuration gets generation 0 (generations
    /// count builds of this process) and becomes the oldest history entry. A file that cannot be read back is
    /// reported in the log and by <see cref="PinRestoreError"/>, and the server starts unpinned.
    /// </summary>
    public bool RestorePin()
    {
        if (pinPath is null)
        {
            return false;
        }

        lock (_lock)
        {
            PinnedSnapshot? restored;
            try
            {
                restored = PinFile.Load(pinPath);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                PinRestoreError = $"pin file {pinPath} could not be restored ({e.Message}); started unpinned";
                LogPinRestoreFailed(logger, pinPath, e.Message);
                return false;
            }

            if (restored is null)
            {
                return false;
            }

            var snapshot = restored.Snapshot.WithGeneration(0);
            _history.AddOldest(snapshot);
            _pin = restored with { Snapshot = snapshot };
            Publish(snapshot, null, out _);
            LogPinRestored(logger, snapshot.Version, pinPath);
            return true;
        }
    }
}
