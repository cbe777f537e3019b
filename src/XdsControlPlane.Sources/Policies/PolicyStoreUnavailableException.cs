namespace XdsControlPlane.Sources.Policies;

/// <summary>The database could not be read or written (locked beyond the busy timeout, unreadable, corrupt).</summary>
public sealed class PolicyStoreUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PolicyStoreUnavailableException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PolicyStoreUnavailableException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public PolicyStoreUnavailableException(string message)
        : base(message)
    {
    }
}
