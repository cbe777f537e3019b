using k8s;
using k8s.Authentication;
using k8s.KubeConfigModels;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace XdsControlPlane.Sources.Kubernetes.Api;

/// <summary>
/// Loads one or several kubeconfig files with KubernetesClient and merges them as kubectl does: empty and missing
/// entries of a list are skipped, the first file to name a cluster, user or context wins it whole, the first
/// current-context set wins, and relative paths (CA, client certificate and key, tokenFile, an exec command holding a
/// path separator) are relative to the file that holds them. The library's own merge (only through
/// <c>BuildDefaultConfig</c> and <c>$KUBECONFIG</c>) resolves every relative path against the first file and fails on
/// a missing or empty entry, hence this one. It also adds the user's <c>tokenFile</c>, which the library's model lacks:
/// as the library's <see cref="TokenFileAuth"/>, re-read every minute, winning over a <c>token</c> as in client-go.
/// Everything else (contexts, CAs, client certificates, exec plugins, auth providers) is the library's.
/// </summary>
internal static class KubeConfigFiles
{
    /// <summary>The configuration of <paramref name="paths"/> merged, with its current context; null when none of them exists.</summary>
    /// <param name="paths">Files in order of precedence.</param>
    /// <exception cref="InvalidOperationException">A file is malformed, or the context cannot be used (with the library's reason).</exception>
    public static KubernetesClientConfiguration? Load(IEnumerable<string> paths)
    {
        K8SConfiguration? merged = null;
        var tokenFiles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var files = new List<string>();
        foreach (var path in paths.Where(p => p.Length > 0).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            if (!File.Exists(path))
            {
                continue;
            }

            files.Add(path);
            var (config, fileTokens) = LoadOne(path);
            foreach (var (user, file) in fileTokens)
            {
                tokenFiles.TryAdd(user, file);
            }

            merged = merged is null ? config : Merge(merged, config);
        }

        if (merged is null)
        {
            return null;
        }

        var where = string.Join(", ", files);
        var contextName = merged.CurrentContext;
        // Names compared as the library compares them when it picks the context and the user.
        var userName = merged.Contexts.FirstOrDefault(c => string.Equals(c.Name, contextName, StringComparison.OrdinalIgnoreCase))?.ContextDetails?.User;
        var tokenFile = userName is not null ? tokenFiles.GetValueOrDefault(userName) : null;
        if (tokenFile is not null && merged.Users.FirstOrDefault(u => string.Equals(u.Name, userName, StringComparison.OrdinalIgnoreCase))?.UserCredentials is { } credentials)
        {
            // The library insists on a credential it knows; the file's provider replaces it below.
            credentials.Token = Read(tokenFile, userName!, where);
        }

        try
        {
            var result = KubernetesClientConfiguration.BuildConfigFromConfigObject(merged);
            if (tokenFile is not null)
            {
                result.TokenProvider = new TokenFileAuth(tokenFile);
            }

            return result;
        }
        catch (Exception e) when (e is not InvalidOperationException and not OutOfMemoryException)
        {
            throw new InvalidOperationException($"kubeconfig {where}: {e.Message}", e);
        }
    }

    private static (K8SConfiguration Config, Dictionary<string, string> TokenFiles) LoadOne(string path)
    {
        var folder = Path.GetDirectoryName(path)!;
        K8SConfiguration config;
        Dictionary<string, string> tokenFiles;
        try
        {
            config = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(path), useRelativePaths: false);
            tokenFiles = TokenFiles(File.ReadAllText(path), folder);
        }
        catch (Exception e) when (e is YamlException or IOException or UnauthorizedAccessException or k8s.Exceptions.KubeConfigException)
        {
            throw new InvalidOperationException($"kubeconfig {path}: {e.Message}", e);
        }

        config.Contexts ??= [];
        config.Clusters ??= [];
        config.Users ??= [];
        foreach (var cluster in config.Clusters.Select(c => c.ClusterEndpoint).OfType<ClusterEndpoint>())
        {
            cluster.CertificateAuthority = Resolve(cluster.CertificateAuthority, folder);
        }

        foreach (var user in config.Users.Select(u => u.UserCredentials).OfType<UserCredentials>())
        {
            user.ClientCertificate = Resolve(user.ClientCertificate, folder);
            user.ClientKey = Resolve(user.ClientKey, folder);
            if (user.ExternalExecution is { Command: { } command } exec && command.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                // A bare command name is looked up on PATH; one with a separator is a path, relative to this file.
                exec.Command = Resolve(command, folder);
            }
        }

        return (config, tokenFiles);
    }

    private static K8SConfiguration Merge(K8SConfiguration first, K8SConfiguration next)
    {
        first.CurrentContext ??= next.CurrentContext;
        first.Clusters = FirstWins(first.Clusters, next.Clusters, c => c.Name);
        first.Users = FirstWins(first.Users, next.Users, u => u.Name);
        first.Contexts = FirstWins(first.Contexts, next.Contexts, c => c.Name);
        return first;
    }

    private static List<T> FirstWins<T>(IEnumerable<T> first, IEnumerable<T> next, Func<T, string> name)
    {
        var seen = first.Select(name).ToHashSet(StringComparer.Ordinal);
        return [.. first, .. next.Where(n => seen.Add(name(n)))];
    }

    // users[].user.tokenFile, by user name, first entry wins (the library's model does not read the field).
    private static Dictionary<string, string> TokenFiles(string text, string folder)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        if (yaml.Documents.FirstOrDefault()?.RootNode is not YamlMappingNode root || Child(root, "users") is not YamlSequenceNode users)
        {
            return result;
        }

        foreach (var entry in users.Children.OfType<YamlMappingNode>())
        {
            if (Child(entry, "name") is YamlScalarNode { Value: { } name } && Child(entry, "user") is YamlMappingNode user
                && Child(user, "tokenFile") is YamlScalarNode { Value: { Length: > 0 } file })
            {
                result.TryAdd(name, Resolve(file, folder)!);
            }
        }

        return result;
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Resolve(string? path, string folder) =>
        string.IsNullOrEmpty(path) || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(folder, path));

    private static string Read(string tokenFile, string user, string where)
    {
        try
        {
            return File.ReadAllText(tokenFile).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"kubeconfig {where}: tokenFile {tokenFile} of user '{user}' cannot be read: {e.Message}", e);
        }
    }
}
