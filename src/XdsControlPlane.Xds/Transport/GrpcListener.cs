using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace XdsControlPlane.Xds.Transport;

/// <summary>Configures a Kestrel endpoint for gRPC: HTTP/2 only, cleartext (h2c) or TLS / mutual TLS.</summary>
public static class GrpcListener
{
    /// <summary>Adds the listener described by <paramref name="options"/> to Kestrel.</summary>
    public static void Listen(KestrelServerOptions kestrel, GrpcServerOptions options)
    {
        if (!IPAddress.TryParse(options.Address, out var address))
        {
            throw new ArgumentException($"xDS listen address '{options.Address}' is not an IP address", nameof(options));
        }

        kestrel.Limits.Http2.KeepAlivePingDelay = options.KeepAlivePingDelay ?? TimeSpan.MaxValue;
        kestrel.Listen(address, options.Port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (options.TlsCertificatePath is null)
            {
                if (options.ClientCaPath is not null)
                {
                    throw new ArgumentException("a client CA (mutual TLS) needs a server certificate too", nameof(options));
                }

                return;
            }

            var (certificate, chain) = LoadCertificate(options);
            listen.UseHttps(https =>
            {
                https.ServerCertificate = certificate;
                https.ServerCertificateChain = chain;
                if (options.ClientCaPath is { } caPath)
                {
                    var trusted = new X509Certificate2Collection();
                    trusted.ImportFromPemFile(caPath);
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.ClientCertificateValidation = (cert, chain, _) => ChainsTo(cert, trusted, chain?.ChainPolicy.ExtraStore);
                }
            });
        });
    }

    /// <summary>
    /// The leaf (first certificate of the PEM file) with its key, and the rest of the file: the intermediates the
    /// handshake must carry, since clients usually trust only the root and cannot find them anywhere else.
    /// </summary>
    private static (X509Certificate2 Certificate, X509Certificate2Collection Chain) LoadCertificate(GrpcServerOptions options)
    {
        var key = options.TlsKeyPath ?? throw new ArgumentException("TLS needs a key path next to the certificate path", nameof(options));
        using var pem = X509Certificate2.CreateFromPemFile(options.TlsCertificatePath!, key);
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(options.TlsCertificatePath!);
        var chain = new X509Certificate2Collection();
        foreach (var certificate in all.Skip(1))
        {
            chain.Add(certificate);
        }

        all[0].Dispose();
        // Re-import so the private key is usable by SslStream on every platform.
        return (X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null), chain);
    }

    /// <summary>
    /// True when <paramref name="certificate"/> chains to one of <paramref name="trusted"/> and nothing else.
    /// <paramref name="presented"/> are the other certificates the peer sent (its intermediates): they may complete
    /// the chain but are never trusted themselves.
    /// </summary>
    internal static bool ChainsTo(X509Certificate2 certificate, X509Certificate2Collection trusted, X509Certificate2Collection? presented = null)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented);
        }

        return chain.Build(certificate);
    }
}
