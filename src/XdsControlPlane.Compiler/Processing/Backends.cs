using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>Resolves backendRefs to Service ports, reporting what does not resolve.</summary>
internal static class Backends
{
    /// <summary>
    /// The Service port <paramref name="backend"/> names, or null with an error on <paramref name="owner"/> at
    /// <paramref name="field"/> (reason InvalidKind or BackendNotFound, returned in <paramref name="reason"/>).
    /// </summary>
    public static ResolvedBackend? Resolve(CompileContext context, ObjectRef owner, string field, BackendRef backend, out string? reason)
    {
        var ns = backend.Namespace.Length == 0 ? owner.Namespace : backend.Namespace;
        reason = null;
        if (backend.Kind is not ("Service" or ""))
        {
            reason = Reasons.InvalidKind;
            context.Error(owner, $"{field}.kind", $"backend kind '{backend.Kind}' is not supported; only Service", reason);
            return null;
        }

        if (backend.Weight < 0)
        {
            reason = Reasons.UnsupportedValue;
            context.Error(owner, $"{field}.weight", $"weight {backend.Weight} is negative", reason);
            return null;
        }

        if (context.Service(ns, backend.Name) is not { } service)
        {
            reason = Reasons.BackendNotFound;
            context.Error(owner, field, $"Service {ns}/{backend.Name} not found", reason);
            return null;
        }

        if (backend.Port is not { } portNumber)
        {
            reason = Reasons.UnsupportedValue;
            context.Error(owner, $"{field}.port", $"a port is required for Service {ns}/{backend.Name}", reason);
            return null;
        }

        if (service.Ports.FirstOrDefault(p => p.Port == portNumber) is not { } port)
        {
            reason = Reasons.BackendNotFound;
            context.Error(owner, $"{field}.port", $"Service {ns}/{backend.Name} has no port {portNumber}", reason);
            return null;
        }

        return new ResolvedBackend(service, port, backend.Weight);
    }
}
