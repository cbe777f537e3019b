namespace XdsControlPlane.Xds.Ledger;

/// <summary>Where one type of one proxy stands.</summary>
public enum SyncState
{
    /// <summary>Nothing of this type was sent yet.</summary>
    NotSent,

    /// <summary>The last response was ACKed.</summary>
    Synced,

    /// <summary>The last response is not answered yet.</summary>
    Stale,

    /// <summary>The last response was NACKed; the proxy runs on what it accepted before.</summary>
    Error,
}
