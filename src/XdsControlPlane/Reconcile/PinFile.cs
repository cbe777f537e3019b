using System.Text.Json;
using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Google.Protobuf;
using XdsControlPlane.Xds.Snapshots;
using TlsSecret = Envoy.Extensions.TransportSockets.Tls.V3.Secret;

namespace XdsControlPlane.Reconcile;

/// <summary>
/// The pin on disk (<c>&lt;DataDirectory&gt;/pin.json</c>): the pinned configuration's full content (per profile, each
/// resource as type URL and protobuf bytes), so a restarted server serves exactly that configuration with the same
/// versions although the history is in memory. Written to a temporary file and renamed, so a crash never leaves half
/// a pin. The file holds private keys of TLS Secrets exactly as proxies receive them; keep the data directory private.
/// </summary>
internal static class PinFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    /// <summary>Writes <paramref name="pin"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, PinnedSnapshot pin)
    {
        var snapshot = pin.Snapshot;
        var document = new Document(
            snapshot.Version,
            snapshot.Generation,
            snapshot.CreatedAt,
            pin.PinnedAt,
            snapshot.Causes.ToList(),
            snapshot.Profiles.ToDictionary(
                p => p.Key,
                p => (List<Resource?>?)p.Value.Sets.SelectMany(s => s.Items).Select(r => (Resource?)new Resource(r.TypeUrl, Convert.ToBase64String(r.Bytes.Span))).ToList(),
                StringComparer.Ordinal));
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        // Only the owner may read it: it holds private keys.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, document, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Reads the pin at <paramref name="path"/>; null when there is none. The configuration is rebuilt from the stored
    /// bytes and must hash to the stored version.
    /// </summary>
    /// <exception cref="InvalidDataException">The file cannot be read back into exactly the pinned configuration.</exception>
    public static PinnedSnapshot? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = File.OpenRead(path);
            var document = JsonSerializer.Deserialize<Document>(stream, Json) ?? throw new InvalidDataException("the file holds null");
            if (document.Version is null || document.Profiles is null)
            {
                throw new InvalidDataException("version or profiles missing");
            }

            var profiles = document.Profiles.ToDictionary(
                p => p.Key,
                p => Snapshot.Create((p.Value ?? []).Select(Parse), document.Generation, document.CreatedAt),
                StringComparer.Ordinal);
            var snapshot = ConfigSnapshot.Create(document.Generation, document.CreatedAt, profiles, document.Causes ?? []);
            return snapshot.Version == document.Version
                ? new PinnedSnapshot(snapshot, document.PinnedAt)
                : throw new InvalidDataException($"its resources hash to version {snapshot.Version}, not to the pinned {document.Version}");
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidProtocolBufferException or ArgumentException or NotSupportedException)
        {
            throw new InvalidDataException(e.Message, e);
        }
    }

    private static XdsResource Parse(Resource? resource)
    {
        if (resource?.TypeUrl is null || resource.Bytes is null)
        {
            throw new InvalidDataException("a resource lacks its typeUrl or bytes");
        }

        var bytes = Convert.FromBase64String(resource.Bytes);
        IMessage message = resource.TypeUrl switch
        {
            TypeUrls.Listener => Listener.Parser.ParseFrom(bytes),
            TypeUrls.RouteConfiguration => RouteConfiguration.Parser.ParseFrom(bytes),
            TypeUrls.Cluster => Cluster.Parser.ParseFrom(bytes),
            TypeUrls.ClusterLoadAssignment => ClusterLoadAssignment.Parser.ParseFrom(bytes),
            TypeUrls.Secret => TlsSecret.Parser.ParseFrom(bytes),
            _ => throw new InvalidDataException($"unknown resource type '{resource.TypeUrl}'"),
        };
        return XdsResource.Create(message);
    }

    private sealed record Document(
        string? Version,
        long Generation,
        DateTimeOffset CreatedAt,
        DateTimeOffset PinnedAt,
        List<ModelChange>? Causes,
        Dictionary<string, List<Resource?>?>? Profiles);

    private sealed record Resource(string? TypeUrl, string? Bytes);
}
