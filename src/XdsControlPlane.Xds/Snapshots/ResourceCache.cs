using Google.Protobuf;

namespace XdsControlPlane.Xds.Snapshots;

/// <summary>
/// Reuses the <see cref="XdsResource"/> of the previous build when a rebuilt message is equal to it, so a rebuild
/// serializes and hashes only what changed (an endpoint change re-serializes one ClusterLoadAssignment, not every
/// resource), and an equal message keeps its exact bytes and version. Not thread-safe: one builder at a time.
/// </summary>
public sealed class ResourceCache
{
    private Dictionary<(string Scope, string TypeUrl, string Name), XdsResource> _previous = [];
    private Dictionary<(string Scope, string TypeUrl, string Name), XdsResource> _next = [];

    /// <summary>Resources reused since the last <see cref="Commit"/>.</summary>
    public int Reused { get; private set; }

    /// <summary>Resources serialized since the last <see cref="Commit"/>.</summary>
    public int Created { get; private set; }

    /// <summary>
    /// The previous build's resource for <paramref name="message"/> in <paramref name="scope"/> (e.g. a profile) when
    /// it is equal; it is kept for the next build too.
    /// </summary>
    public bool TryReuse(string scope, IMessage message, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out XdsResource? resource)
    {
        var (typeUrl, name) = XdsResource.KeyOf(message);
        var key = (scope, typeUrl, name);
        if (_previous.TryGetValue(key, out resource) && resource.Ttl is null && resource.Message.Equals(message))
        {
            _next[key] = resource;
            Reused++;
            return true;
        }

        resource = null;
        return false;
    }

    /// <summary>Serializes <paramref name="message"/> (a new or changed resource) and keeps it for the next build.</summary>
    public XdsResource Add(string scope, IMessage message)
    {
        var resource = XdsResource.Create(message);
        _next[(scope, resource.TypeUrl, resource.Name)] = resource;
        Created++;
        return resource;
    }

    /// <summary>
    /// Records <paramref name="resource"/> as the committed one for its name, for a rebuild that changed only a few
    /// resources and did not go through <see cref="TryReuse"/> for the rest (which stay as they were committed).
    /// </summary>
    public void Replace(string scope, XdsResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        _previous[(scope, resource.TypeUrl, resource.Name)] = resource;
    }

    /// <summary>Ends a build: what it used becomes what the next build may reuse; the rest is forgotten.</summary>
    public void Commit()
    {
        (_previous, _next) = (_next, []);
        (Reused, Created) = (0, 0);
    }
}
