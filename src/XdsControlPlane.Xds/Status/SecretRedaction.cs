using Google.Protobuf;
using TlsSecret = Envoy.Extensions.TransportSockets.Tls.V3.Secret;

namespace XdsControlPlane.Xds.Status;

/// <summary>Resources as CSDS may show them: secrets without private keys, passwords or session ticket keys.</summary>
internal static class SecretRedaction
{
    /// <summary><paramref name="message"/> itself, or for a Secret a copy without anything secret (the original is shared and never mutated).</summary>
    public static IMessage Redacted(IMessage message)
    {
        if (message is not TlsSecret secret)
        {
            return message;
        }

        var copy = secret.Clone();
        if (copy.TlsCertificate is { } certificate)
        {
            certificate.PrivateKey = null;
            certificate.Password = null;
            certificate.PrivateKeyProvider = null;
        }

        if (copy.SessionTicketKeys is not null)
        {
            copy.SessionTicketKeys = null;
        }

        if (copy.GenericSecret is not null)
        {
            copy.GenericSecret = null;
        }

        return copy;
    }
}
