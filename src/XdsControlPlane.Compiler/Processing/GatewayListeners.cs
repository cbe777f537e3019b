using XdsControlPlane.Model;

namespace XdsControlPlane.Compiler.Processing;

/// <summary>Validates a Gateway's listeners: protocol per port, TLS certificates, unique hostnames per TLS port; says what it found per listener.</summary>
internal static class GatewayListeners
{
    /// <summary>A listener that can be programmed, with its resolved certificates (HTTPS).</summary>
    public sealed record Usable(GatewayListener Listener, IReadOnlyList<TlsSecretModel> Certificates);

    /// <summary>
    /// The usable listeners of <paramref name="gateway"/>, by port (sorted), each port one protocol; the rest reported.
    /// A certificate Secret in another namespace is used only where a ReferenceGrant allows it; the refused ones are
    /// reported RefNotPermitted and treated like missing ones. <paramref name="verdicts"/> says, per listener (in spec
    /// order), what was found, for the listener's status.
    /// </summary>
    public static SortedDictionary<int, List<Usable>> Validate(CompileContext context, GatewayModel gateway, out IReadOnlyList<ListenerVerdict> verdicts)
    {
        var found = new List<ListenerVerdict>();
        verdicts = found;
        var ports = new SortedDictionary<int, List<Usable>>();
        for (var i = 0; i < gateway.Listeners.Count; i++)
        {
            var listener = gateway.Listeners[i];
            var field = $"spec.listeners[{i}]";
            var verdict = new ListenerVerdict();
            found.Add(verdict);
            if (listener.Protocol is not ("HTTP" or "HTTPS"))
            {
                var message = $"protocol {listener.Protocol} is not supported (HTTP, HTTPS)";
                context.Error(gateway.Ref, $"{field}.protocol", message, Reasons.UnsupportedValue);
                verdict.NotAccepted = new StatusCondition(Reasons.Accepted, false, Reasons.UnsupportedProtocol, message);
                continue;
            }

            var requested = listener.AllowedKinds.Count == 0 ? Defaults.RouteKinds : listener.AllowedKinds;
            verdict.SupportedKinds = [.. requested.Where(Defaults.RouteKinds.Contains).Distinct(StringComparer.Ordinal)];
            foreach (var kind in listener.AllowedKinds.Where(k => !Defaults.RouteKinds.Contains(k)))
            {
                // Reported only: the listener still admits the kinds it names that exist.
                var message = $"route kind {kind} is not supported (HTTPRoute, GRPCRoute)";
                context.Error(gateway.Ref, $"{field}.allowedRoutes.kinds", message, Reasons.InvalidRouteKinds);
                verdict.Unresolved.Add((Reasons.InvalidRouteKinds, message));
            }

            if (listener.Port is < 1 or > 65535)
            {
                var message = $"port {listener.Port} is out of range";
                context.Error(gateway.Ref, $"{field}.port", message, Reasons.Invalid);
                verdict.NotAccepted = new StatusCondition(Reasons.Accepted, false, Reasons.PortUnavailable, message);
                continue;
            }

            if (!ports.TryGetValue(listener.Port, out var onPort))
            {
                ports[listener.Port] = onPort = [];
            }

            if (onPort.Count > 0 && onPort[0].Listener.Protocol != listener.Protocol)
            {
                var message = $"port {listener.Port} already serves {onPort[0].Listener.Protocol} (listener {onPort[0].Listener.Name}); listener skipped";
                context.Error(gateway.Ref, $"{field}.protocol", message, Reasons.ProtocolConflict);
                verdict.Conflict = new StatusCondition(Reasons.Conflicted, true, Reasons.ProtocolConflict, message);
                continue;
            }

            if (onPort.Any(u => u.Listener.Name == listener.Name))
            {
                // Its status entry (by name) is the first listener's: names are the key of status.listeners.
                context.Error(gateway.Ref, $"{field}.name", $"listener name {listener.Name} is used twice; listener skipped", Reasons.Conflicted);
                continue;
            }

            if (listener.Protocol == "HTTPS" && onPort.Any(u => string.Equals(u.Listener.Hostname, listener.Hostname, StringComparison.OrdinalIgnoreCase)))
            {
                var message = $"another HTTPS listener on port {listener.Port} has hostname '{listener.Hostname ?? "(none)"}'; listener skipped";
                context.Error(gateway.Ref, $"{field}.hostname", message, Reasons.Conflicted);
                verdict.Conflict = new StatusCondition(Reasons.Conflicted, true, Reasons.HostnameConflict, message);
                continue;
            }

            var certificates = new List<TlsSecretModel>();
            if (listener.Protocol == "HTTPS")
            {
                for (var c = 0; c < listener.CertificateRefs.Count; c++)
                {
                    var reference = listener.CertificateRefs[c];
                    var ns = reference.Namespace.Length == 0 ? gateway.Ref.Namespace : reference.Namespace;
                    if (reference.Kind is not ("Secret" or ""))
                    {
                        var message = $"certificateRef {reference.Kind} {ns}/{reference.Name}: only core Secrets can hold certificates";
                        context.Error(gateway.Ref, $"{field}.tls.certificateRefs[{c}]", message, Reasons.InvalidCertificateRef);
                        verdict.Unresolved.Add((Reasons.InvalidCertificateRef, message));
                        continue;
                    }

                    if (!context.Permits(gateway.Ref, "Secret", ns, reference.Name))
                    {
                        var message = $"TLS Secret {ns}/{reference.Name} is in another namespace and no ReferenceGrant in namespace {ns} allows Gateways from namespace {gateway.Ref.Namespace} to reference it";
                        context.Error(gateway.Ref, $"{field}.tls.certificateRefs[{c}]", message, Reasons.RefNotPermitted);
                        verdict.Unresolved.Add((Reasons.RefNotPermitted, message));
                        continue;
                    }

                    if (context.Secret(ns, reference.Name) is not { } secret)
                    {
                        var message = $"TLS Secret {ns}/{reference.Name} not found";
                        context.Error(gateway.Ref, $"{field}.tls.certificateRefs[{c}]", message, Reasons.InvalidCertificateRef);
                        verdict.Unresolved.Add((Reasons.InvalidCertificateRef, message));
                        continue;
                    }

                    certificates.Add(secret);
                }

                if (certificates.Count == 0)
                {
                    context.Error(gateway.Ref, $"{field}.tls.certificateRefs", "no usable certificate; listener skipped", Reasons.InvalidCertificateRef);
                    if (verdict.Unresolved.Count == 0)
                    {
                        verdict.Unresolved.Add((Reasons.InvalidCertificateRef, "no certificateRefs"));
                    }

                    continue;
                }
            }

            onPort.Add(new Usable(listener, certificates));
            verdict.Usable = true;
        }

        foreach (var empty in ports.Where(p => p.Value.Count == 0).Select(p => p.Key).ToList())
        {
            ports.Remove(empty);
        }

        return ports;
    }
}
