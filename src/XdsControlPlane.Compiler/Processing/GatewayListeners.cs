using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>Validates a Gateway's listeners: protocol per port, TLS certificates, unique hostnames per TLS port.</summary>
internal static class GatewayListeners
{
    /// <summary>A listener that can be programmed, with its resolved certificates (HTTPS).</summary>
    public sealed record Usable(GatewayListener Listener, IReadOnlyList<TlsSecretModel> Certificates);

    /// <summary>
    /// The usable listeners of <paramref name="gateway"/>, by port (sorted), each port one protocol; the rest reported.
    /// A certificate Secret in another namespace is used only where a ReferenceGrant allows it; the refused ones are
    /// returned in <paramref name="refused"/> (for the Gateway's ResolvedRefs condition) and treated like missing ones.
    /// </summary>
    public static SortedDictionary<int, List<Usable>> Validate(CompileContext context, GatewayModel gateway, out IReadOnlyList<ObjectRef> refused)
    {
        var notPermitted = new List<ObjectRef>();
        refused = notPermitted;
        var ports = new SortedDictionary<int, List<Usable>>();
        for (var i = 0; i < gateway.Listeners.Count; i++)
        {
            var listener = gateway.Listeners[i];
            var field = $"spec.listeners[{i}]";
            if (listener.Protocol is not ("HTTP" or "HTTPS"))
            {
                context.Error(gateway.Ref, $"{field}.protocol", $"protocol {listener.Protocol} is not supported (HTTP, HTTPS)", Reasons.UnsupportedValue);
                continue;
            }

            if (listener.Port is < 1 or > 65535)
            {
                context.Error(gateway.Ref, $"{field}.port", $"port {listener.Port} is out of range", Reasons.Invalid);
                continue;
            }

            foreach (var kind in listener.AllowedKinds.Where(k => !Defaults.RouteKinds.Contains(k)))
            {
                // Reported only: the listener still admits the kinds it names that exist.
                context.Error(gateway.Ref, $"{field}.allowedRoutes.kinds", $"route kind {kind} is not supported (HTTPRoute, GRPCRoute)", Reasons.InvalidRouteKinds);
            }

            if (!ports.TryGetValue(listener.Port, out var onPort))
            {
                ports[listener.Port] = onPort = [];
            }

            if (onPort.Count > 0 && onPort[0].Listener.Protocol != listener.Protocol)
            {
                context.Error(gateway.Ref, $"{field}.protocol",
                    $"port {listener.Port} already serves {onPort[0].Listener.Protocol} (listener {onPort[0].Listener.Name}); listener skipped", Reasons.ProtocolConflict);
                continue;
            }

            if (onPort.Any(u => u.Listener.Name == listener.Name))
            {
                context.Error(gateway.Ref, $"{field}.name", $"listener name {listener.Name} is used twice; listener skipped", Reasons.Conflicted);
                continue;
            }

            if (listener.Protocol == "HTTPS" && onPort.Any(u => string.Equals(u.Listener.Hostname, listener.Hostname, StringComparison.OrdinalIgnoreCase)))
            {
                context.Error(gateway.Ref, $"{field}.hostname",
                    $"another HTTPS listener on port {listener.Port} has hostname '{listener.Hostname ?? "(none)"}'; listener skipped", Reasons.Conflicted);
                continue;
            }

            var certificates = new List<TlsSecretModel>();
            if (listener.Protocol == "HTTPS")
            {
                for (var c = 0; c < listener.CertificateRefs.Count; c++)
                {
                    var reference = listener.CertificateRefs[c];
                    var ns = reference.Namespace.Length == 0 ? gateway.Ref.Namespace : reference.Namespace;
                    if (!context.Permits(gateway.Ref, "Secret", ns, reference.Name))
                    {
                        notPermitted.Add(new ObjectRef("Secret", ns, reference.Name));
                        context.Error(gateway.Ref, $"{field}.tls.certificateRefs[{c}]",
                            $"TLS Secret {ns}/{reference.Name} is in another namespace and no ReferenceGrant in namespace {ns} allows Gateways from namespace {gateway.Ref.Namespace} to reference it",
                            Reasons.RefNotPermitted);
                        continue;
                    }

                    if (reference.Kind is not ("Secret" or "") || context.Secret(ns, reference.Name) is not { } secret)
                    {
                        context.Error(gateway.Ref, $"{field}.tls.certificateRefs[{c}]", $"TLS Secret {ns}/{reference.Name} not found", Reasons.InvalidCertificateRef);
                        continue;
                    }

                    certificates.Add(secret);
                }

                if (certificates.Count == 0)
                {
                    context.Error(gateway.Ref, $"{field}.tls.certificateRefs", "no usable certificate; listener skipped", Reasons.InvalidCertificateRef);
                    continue;
                }
            }

            onPort.Add(new Usable(listener, certificates));
        }

        foreach (var empty in ports.Where(p => p.Value.Count == 0).Select(p => p.Key).ToList())
        {
            ports.Remove(empty);
        }

        return ports;
    }
}
