using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace XdsControlPlane.Xds.Transport;

/// <summary>Configures a Kestrel endpoint for gRPC: HTTP/2 only, cleartext (h2c) or TLS / mutual TLS.</summary>
internal static class GrpcListener
{
    /// <summary>
    /// Checks the TLS options and reads their files: null for cleartext (h2c), else the credentials the listener reads at
    /// every handshake. Throws <see cref="ArgumentException"/> for inconsistent options and
    /// <see cref="InvalidOperationException"/> naming a file that does not load.
    /// </summary>
    internal static TlsCredentials? LoadCredentials(GrpcServerOptions options, ILogger logger)
    {
        if (options.TlsCertificatePath is null)
        {
            return options.ClientCaPath is null ? null
                : throw new ArgumentException("a client CA (mutual TLS) needs a server certificate too", nameof(options));
        }

        if (options.TlsKeyPath is null)
        {
            throw new ArgumentException("TLS needs a key path next to the certificate path", nameof(options));
        }

        return TlsCredentials.Load(options, logger);
    }

    /// <summary>
    /// Adds the listener described by <paramref name="options"/> to Kestrel: cleartext without
    /// <paramref name="credentials"/>, else TLS whose certificates are taken from them at each handshake, so a renewed
    /// certificate or client CA applies to new connections while open ones go on.
    /// </summary>
    internal static void Listen(KestrelServerOptions kestrel, GrpcServerOptions options, TlsCredentials? credentials)
    {
        if (!IPAddress.TryParse(options.Address, out var address))
        {
            throw new ArgumentException($"xDS listen address '{options.Address}' is not an IP address", nameof(options));
        }

        kestrel.Limits.Http2.KeepAlivePingDelay = options.KeepAlivePingDelay ?? TimeSpan.MaxValue;
        kestrel.Listen(address, options.Port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (credentials is not null)
            {
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    OnConnection = context => ValueTask.FromResult(credentials.ForConnection(context.Connection.RemoteEndPoint)),
                });
            }
        });
    }

    /// <summary>
    /// True when <paramref name="certificate"/> chains to one of <paramref name="trusted"/> and nothing else.
    /// <paramref name="presented"/> are the other certificates the peer sent (its intermediates): they may complete
    /// the chain but are never trusted themselves. With <paramref name="usage"/> (an extended key usage OID), every
    /// certificate of the chain that restricts usage must allow it.
    /// </summary>
    internal static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection trusted, X509Certificate2Collection? presented = null,
        string? usage = null)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (usage is not null)
        {
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(usage));
        }

        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented);
        }

        return chain.Build(certificate);
    }
}
