using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>Resolves backendRefs to Service ports, reporting what does not resolve.</summary>
internal static class Backends
{
    /// <summary>
    /// The Service port <paramref name="backend"/> names, or null with an error on <paramref name="owner"/> at
    /// <paramref name="field"/> (reason InvalidKind, RefNotPermitted or BackendNotFound, returned in <paramref name="reason"/>).
    /// A route may name a Service in another namespace only where a ReferenceGrant allows it; that is checked before
    /// the Service is looked up, so a route cannot learn what exists in a namespace that did not consent.
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

        if (!Permitted(context, owner, backend))
        {
            reason = Reasons.RefNotPermitted;
            context.Error(owner, field, NotPermitted(owner, backend), reason);
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

    /// <summary>
    /// Whether <paramref name="owner"/> may reference the Service <paramref name="backend"/> names. Only Gateway API
    /// routes are held to ReferenceGrants; XdsPolicy backends (ext_authz, JWKS) are the operator's own configuration.
    /// </summary>
    public static bool Permitted(CompileContext context, ObjectRef owner, BackendRef backend) =>
        owner.Kind is not ("HTTPRoute" or "GRPCRoute") || backend.Namespace.Length == 0
        || context.Permits(owner, "Service", backend.Namespace, backend.Name);

    /// <summary>The message (and ResolvedRefs message) for a backend no ReferenceGrant allows.</summary>
    public static string NotPermitted(ObjectRef owner, BackendRef backend) =>
        $"Service {backend.Namespace}/{backend.Name} is in another namespace and no ReferenceGrant in namespace {backend.Namespace} "
        + $"allows {owner.Kind}s from namespace {owner.Namespace} to reference it";
}
