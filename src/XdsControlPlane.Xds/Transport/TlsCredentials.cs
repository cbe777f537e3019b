using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace XdsControlPlane.Xds.Transport;

/// <summary>
/// The listener's TLS material: the server certificate with its key and intermediates, and the client CA bundle of
/// mutual TLS. Read at start (a bad file stops the start) and again whenever the files change, since cert-manager
/// renews them in place: a watcher on their folders notices writes and Kubernetes' symlink swap of a Secret volume,
/// and a periodic check catches what a watcher misses. Each new TLS connection takes the material current at its
/// handshake; open connections keep theirs, so a rotation drops no stream. A new file that does not load keeps the
/// previous material and logs an error naming the file, once per content.
/// </summary>
internal sealed partial class TlsCredentials : IDisposable
{
    private static readonly TimeSpan s_settle = TimeSpan.FromMilliseconds(200);

    private readonly string _certificatePath;
    private readonly string _keyPath;
    private readonly string? _clientCaPath;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly Lock _reloadLock = new();
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer _settleTimer;
    private readonly Timer _periodicTimer;
    private Material _current;
    private byte[] _seen;
    private string? _lastError;

    private sealed record Material(SslStreamCertificateContext Server, X509Certificate2 Leaf, X509Certificate2Collection? ClientCa);

    private TlsCredentials(string certificatePath, string keyPath, string? clientCaPath, TimeSpan interval, ILogger logger)
    {
        _certificatePath = Path.GetFullPath(certificatePath);
        _keyPath = Path.GetFullPath(keyPath);
        _clientCaPath = clientCaPath is null ? null : Path.GetFullPath(clientCaPath);
        _interval = interval;
        _logger = logger;
        _seen = Fingerprint();
        _current = Read();
        _settleTimer = new Timer(_ => ReloadQuietly());
        _periodicTimer = new Timer(_ => ReloadQuietly(), null, interval, interval);
        foreach (var folder in new[] { _certificatePath, _keyPath, _clientCaPath }.OfType<string>().Select(Path.GetDirectoryName).Distinct())
        {
            Watch(folder!);
        }
    }

    /// <summary>
    /// Reads the files named by <paramref name="options"/> (throws <see cref="InvalidOperationException"/> naming the file
    /// when one does not load) and starts watching them.
    /// </summary>
    public static TlsCredentials Load(GrpcServerOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TlsCredentials(options.TlsCertificatePath!, options.TlsKeyPath!, options.ClientCaPath, options.TlsReloadInterval, logger);
    }

    /// <summary>Whether clients must present a certificate of the client CA.</summary>
    public bool MutualTls => _clientCaPath is not null;

    /// <summary>The server certificate new connections are shown now.</summary>
    public X509Certificate2 ServerCertificate => Volatile.Read(ref _current).Leaf;

    /// <summary>The TLS options of one new connection from <paramref name="peer"/>: the material current now.</summary>
    public SslServerAuthenticationOptions ForConnection(EndPoint? peer)
    {
        var material = Volatile.Read(ref _current);
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = material.Server,
            ApplicationProtocols = [SslApplicationProtocol.Http2],
            ClientCertificateRequired = material.ClientCa is not null,
        };
        if (material.ClientCa is { } trusted)
        {
            options.RemoteCertificateValidationCallback = (_, certificate, chain, _) => Accepts(trusted, certificate, chain, peer);
        }

        return options;
    }

    /// <summary>
    /// Re-reads the files if their content changed since the last attempt; true when new material was taken. A file
    /// that does not load is logged (once per content) and the previous material stays.
    /// </summary>
    public bool Reload()
    {
        lock (_reloadLock)
        {
            try
            {
                var seen = Fingerprint();
                if (seen.AsSpan().SequenceEqual(_seen))
                {
                    return false;
                }

                _seen = seen;
                var material = Read();
                Volatile.Write(ref _current, material);
                _lastError = null;
                XdsMetrics.TlsReloaded("ok");
                LogReloaded(_logger, material.Leaf.Subject, material.Leaf.Thumbprint, material.Leaf.NotAfter.ToUniversalTime(),
                    material.ClientCa is { } ca ? $" and client CA bundle ({ca.Count} certificates)" : "");
                return true;
            }
            catch (TlsFileException e)
            {
                if (e.Message != _lastError)
                {
                    _lastError = e.Message;
                    XdsMetrics.TlsReloaded("error");
                    LogReloadFailed(_logger, e.File, e.Detail);
                }

                return false;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _settleTimer.Dispose();
        _periodicTimer.Dispose();
    }

    private bool Accepts(X509Certificate2Collection trusted, X509Certificate? certificate, X509Chain? chain, EndPoint? peer)
    {
        var leaf = certificate as X509Certificate2 ?? (certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
        if (ClientCertificates.Refusal(leaf, trusted, chain?.ChainPolicy.ExtraStore) is not { } refusal)
        {
            return true;
        }

        XdsMetrics.ClientCertificateRefused(refusal.Reason);
        LogClientRefused(_logger, leaf?.Subject ?? "(none)", peer?.ToString() ?? "unknown", refusal.Reason, refusal.Detail);
        return false;
    }

    private void Watch(string folder)
    {
        try
        {
            // No filter: a Secret volume changes its files by swapping the ..data symlink next to them.
            var watcher = new FileSystemWatcher(folder)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            FileSystemEventHandler changed = (_, _) => _settleTimer.Change(s_settle, Timeout.InfiniteTimeSpan);
            watcher.Changed += changed;
            watcher.Created += changed;
            watcher.Deleted += changed;
            watcher.Renamed += (_, _) => _settleTimer.Change(s_settle, Timeout.InfiniteTimeSpan);
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            LogWatchFailed(_logger, folder, e.Message, _interval);
        }
    }

    private void ReloadQuietly()
    {
        try
        {
            Reload();
        }
        catch (ObjectDisposedException)
        {
            // A timer that fired while the server was being disposed.
        }
    }

    /// <summary>A hash of the three files' bytes: a reload happens only when one of them changed.</summary>
    private byte[] Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in new[] { _certificatePath, _keyPath, _clientCaPath }.OfType<string>())
        {
            hash.AppendData(ReadFile(path));
            hash.AppendData([0]);
        }

        return hash.GetHashAndReset();
    }

    private static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TlsFileException(path, $"cannot be read: {e.Message}");
        }
    }

    /// <summary>
    /// The leaf (first certificate of the PEM file) with its key, the rest of the file as the intermediates the handshake
    /// must carry (clients usually trust only the root), and the client CA bundle.
    /// </summary>
    private Material Read()
    {
        var all = ImportPem(_certificatePath);
        X509Certificate2 leaf;
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(_certificatePath, _keyPath);
            // Re-import so the private key is usable by SslStream on every platform.
            leaf = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new TlsFileException(_keyPath, $"does not hold the PEM private key of the certificate in {_certificatePath}: {e.Message}");
        }

        var context = SslStreamCertificateContext.Create(leaf, [.. all.Skip(1)], offline: true);
        return new Material(context, leaf, _clientCaPath is null ? null : ImportPem(_clientCaPath));
    }

    private static X509Certificate2Collection ImportPem(string path)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new TlsFileException(path, $"is not a PEM certificate file: {e.Message}");
        }

        return collection.Count > 0 ? collection : throw new TlsFileException(path, "holds no PEM certificate");
    }

    /// <summary>A TLS file that does not load: at start it stops the server, later it keeps the previous material.</summary>
    private sealed class TlsFileException(string file, string detail) : InvalidOperationException($"TLS file {file} {detail}")
    {
        public string File { get; } = file;

        public string Detail { get; } = detail;
    }
}
