using System.Collections.Frozen;

namespace XdsControlPlane.Xds.Transport;

/// <summary>Maps full gRPC method paths to handlers. Built once at start-up, read-only afterwards.</summary>
public sealed class GrpcServiceRouter
{
    private readonly Dictionary<string, Func<IGrpcCall, Task>> _building = new(StringComparer.Ordinal);
    private FrozenDictionary<string, Func<IGrpcCall, Task>>? _frozen;

    /// <summary>Registers the handler of one method, e.g. <c>/pkg.Service/Method</c>.</summary>
    public GrpcServiceRouter Map(string method, Func<IGrpcCall, Task> handler)
    {
        if (_frozen is not null)
        {
            throw new InvalidOperationException("methods must be mapped before the first call");
        }

        _building.Add(method, handler);
        return this;
    }

    /// <summary>The mapped method paths.</summary>
    public IReadOnlyCollection<string> Methods => Lookup().Keys;

    internal Func<IGrpcCall, Task>? Find(string method) =>
        Lookup().TryGetValue(method, out var handler) ? handler : null;

    private FrozenDictionary<string, Func<IGrpcCall, Task>> Lookup() =>
        _frozen ??= _building.ToFrozenDictionary(StringComparer.Ordinal);
}
