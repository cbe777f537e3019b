using System.Security.Cryptography.X509Certificates;
using System.Text;
using XdsControlPlane.Sources.Documents;

namespace XdsControlPlane.Sources.Kubernetes.Api;

/// <summary>
/// Reads a kubeconfig file: the current context's cluster (server, CA data or file, insecure-skip-tls-verify) and
/// user (client certificate and key, data or files; token or tokenFile). Relative file paths are relative to the
/// kubeconfig's folder, as kubectl reads them. Exec and auth-provider plugins are refused with a clear message.
/// </summary>
internal static class KubeConfig
{
    /// <summary>Loads <paramref name="path"/>, using <paramref name="context"/> or else the file's current-context.</summary>
    /// <exception cref="InvalidOperationException">The file is missing, malformed, or asks for something unsupported.</exception>
    public static KubernetesConnection Load(string path, string? context = null)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"kubeconfig {path} does not exist");
        }

        MappingNode root;
        try
        {
            root = YamlDocumentReader.Read(File.ReadAllText(path)).FirstOrDefault() as MappingNode
                ?? throw new InvalidOperationException($"kubeconfig {path} holds no object");
        }
        catch (DocumentParseException e)
        {
            throw new InvalidOperationException($"kubeconfig {path}:{e.Line}: {e.Message}", e);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var contextName = context ?? Text(root, "current-context")
            ?? throw new InvalidOperationException($"kubeconfig {path} has no current-context");
        var ctx = Named(root, "contexts", contextName, "context", path);
        var cluster = Named(root, "clusters", Text(ctx, "cluster") ?? "", "cluster", path);
        var userName = Text(ctx, "user");
        var user = userName is null ? ObjectMapper.Empty : Named(root, "users", userName, "user", path);

        var server = Text(cluster, "server") ?? throw new InvalidOperationException($"kubeconfig {path}: cluster of context '{contextName}' has no server");
        var authorities = new X509Certificate2Collection();
        if (Text(cluster, "certificate-authority-data") is { } caData)
        {
            authorities.ImportFromPem(Decode(caData, "certificate-authority-data", path));
        }
        else if (Text(cluster, "certificate-authority") is { } caFile)
        {
            authorities.ImportFromPemFile(Path.Combine(folder, caFile));
        }

        if (user["exec"] is MappingNode || user["auth-provider"] is MappingNode)
        {
            throw new NotSupportedException($"kubeconfig {path}: user '{userName}' authenticates with an exec or auth-provider plugin, which is not supported; " +
                "use a token, tokenFile or client certificate (e.g. a service account token) instead");
        }

        var certificate = Pem(user, "client-certificate", folder, path);
        var key = Pem(user, "client-key", folder, path);
        X509Certificate2? clientCertificate = null;
        if (certificate is not null && key is not null)
        {
            clientCertificate = X509Certificate2.CreateFromPem(certificate, key);
        }
        else if (certificate is not null || key is not null)
        {
            throw new InvalidOperationException($"kubeconfig {path}: user '{userName}' has a client certificate or key without the other");
        }

        var token = Text(user, "token") is { Length: > 0 } fixedToken ? BearerToken.Fixed(fixedToken)
            : Text(user, "tokenFile") is { Length: > 0 } tokenFile ? BearerToken.FromFile(Path.Combine(folder, tokenFile))
            : null;
        var insecure = Text(cluster, "insecure-skip-tls-verify") is "true";
        return new KubernetesConnection(new Uri(server), authorities, insecure, clientCertificate, token, Text(ctx, "namespace"));
    }

    private static MappingNode Named(MappingNode root, string list, string name, string field, string path)
    {
        var items = (root[list] as SequenceNode)?.Items.OfType<MappingNode>() ?? [];
        var entry = items.FirstOrDefault(i => Text(i, "name") == name)
            ?? throw new InvalidOperationException($"kubeconfig {path}: no entry named '{name}' in {list}");
        return entry[field] as MappingNode ?? ObjectMapper.Empty;
    }

    private static string? Pem(MappingNode user, string field, string folder, string path) =>
        Text(user, $"{field}-data") is { } data ? Decode(data, $"{field}-data", path)
        : Text(user, field) is { } file ? File.ReadAllText(Path.Combine(folder, file))
        : null;

    private static string Decode(string base64, string field, string path)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"kubeconfig {path}: {field} is not base64", e);
        }
    }

    private static string? Text(MappingNode node, string key) => node[key] is ScalarNode { Kind: not ScalarKind.Null } s ? s.Text : null;
}
