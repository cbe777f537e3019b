using System.Reflection;
using System.Text;
using k8s;
using k8s.Authentication;
using XdsControlPlane.Sources.Kubernetes.Api;
using XdsControlPlane.Testing.Kubernetes;

namespace XdsControlPlane.Sources.Tests.Kubernetes.Api;

/// <summary>
/// Credentials that KubernetesClient obtains and refreshes, checked by the Authorization header that reaches the
/// simulated API server: an exec credential plugin (a shell script printing an ExecCredential), an OIDC auth
/// provider's id-token, and the in-cluster service account token, read again once the library's minute is up.
/// </summary>
[NonParallelizable]
public sealed class KubernetesCredentialTests : HttpsClusterFixture
{
    [Test]
    public async Task ExecPlugin_ItsTokenIsSent_AndItRunsAgainOnceTheCredentialExpired()
    {
        // Each run counts itself; the credential it prints has already expired, so the library must run it for every request.
        Write("bin/credential.sh", """
            #!/bin/sh
            dir=$(dirname "$0")
            n=$(( $(cat "$dir/runs" 2>/dev/null || echo 0) + 1 ))
            echo "$n" > "$dir/runs"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "$dir/exec-info"
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s-%s","expirationTimestamp":"2020-01-01T00:00:00Z"}}\n' "$TEAM" "$n"
            """, executable: true);
        var path = Kubeconfig("""
            exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: ./bin/credential.sh
                  env: [{name: TEAM, value: edge}]
                  interactiveMode: Never
            """);

        var config = ClusterConfig.Resolve(path, _ => null);
        using var api = new KubernetesApi(config);
        await api.ListAsync(ResourceType.Service, new ListRequest(null, null), CancellationToken.None);
        await api.ListAsync(ResourceType.Service, new ListRequest(null, null), CancellationToken.None);

        var runs = int.Parse(File.ReadAllText(Path.Combine(Dir, "bin", "runs")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(Server.Requests.Select(r => r.Authorization), Is.EqualTo(new[] { $"Bearer edge-{runs - 1}", $"Bearer edge-{runs}" }));
        Assert.That(File.ReadAllText(Path.Combine(Dir, "bin", "exec-info")), Does.Contain("client.authentication.k8s.io/v1"));
    }

    [Test]
    public void ExecPlugin_ThatCannotRun_IsAnErrorNamingTheKubeconfig()
    {
        var path = Kubeconfig("""
            exec: {apiVersion: client.authentication.k8s.io/v1, command: ./bin/not-there}
            """);

        var e = Assert.Throws<InvalidOperationException>(() => ClusterConfig.Resolve(path, _ => null));

        Assert.That(e!.Message, Does.Contain(path).And.Contain("exec"));
    }

    [Test]
    public void ExecPlugin_FailingWhenRunAgain_IsAFailedRequest_NotAConfigurationError()
    {
        // Succeeds once (the configuration is read), then fails, as a plugin whose login expired does.
        Write("bin/credential.sh", """
            #!/bin/sh
            dir=$(dirname "$0")
            [ -f "$dir/ran" ] && { echo "login expired" >&2; exit 1; }
            touch "$dir/ran"
            echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t","expirationTimestamp":"2020-01-01T00:00:00Z"}}'
            """, executable: true);
        using var api = new KubernetesApi(ClusterConfig.Resolve(Kubeconfig("""
            exec: {apiVersion: client.authentication.k8s.io/v1, command: ./bin/credential.sh}
            """), _ => null));

        var e = Assert.ThrowsAsync<KubernetesApiException>(() => api.ListAsync(ResourceType.Service, new ListRequest(null, null), CancellationToken.None));

        Assert.That(e!.StatusCode, Is.Zero);
        Assert.That(e.Message, Does.Contain("exec"));
        Assert.That(Server.Requests, Is.Empty);
    }

    [Test]
    public async Task OidcAuthProvider_ItsIdTokenIsSent()
    {
        var expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var idToken = $"{Base64Url("""{"alg":"none"}""")}.{Base64Url($$"""{"iss":"https://idp.example","exp":{{expires}}}""")}.signature";
        var path = Kubeconfig($$"""
            auth-provider:
                  name: oidc
                  config: {client-id: xds, idp-issuer-url: "https://idp.example", id-token: "{{idToken}}", refresh-token: r}
            """);

        using var api = new KubernetesApi(ClusterConfig.Resolve(path, _ => null));
        await api.ListAsync(ResourceType.Service, new ListRequest(null, null), CancellationToken.None);

        Assert.That(Server.Requests.Single().Authorization, Is.EqualTo($"Bearer {idToken}"));
    }

    [Test]
    public void AzureAuthProvider_IsRefusedWithTheLibrarysAdvice()
    {
        var path = Kubeconfig("""
            auth-provider: {name: azure, config: {access-token: a}}
            """);

        var e = Assert.Throws<InvalidOperationException>(() => ClusterConfig.Resolve(path, _ => null));

        Assert.That(e!.Message, Does.Contain(path).And.Contain("kubelogin"));
    }

    [Test]
    public async Task InCluster_ServiceAccountTokenCaAndNamespace_AreUsed_AndARotatedTokenIsSentOnceTheLibraryReadsTheFileAgain()
    {
        Write("serviceaccount/token", "token-1");
        Write("serviceaccount/ca.crt", Certificates.Ca.ExportCertificatePem());
        Write("serviceaccount/namespace", "xds-system");
        // The library reads the mount from a fixed path, kept in a field it exposes to its own tests; point it here.
        var mount = typeof(KubernetesClientConfiguration).GetField("ServiceAccountPath", BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new MissingFieldException("KubernetesClientConfiguration.ServiceAccountPath (KubernetesClient changed)");
        var saved = (mount.GetValue(null), System.Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"), System.Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT"));
        try
        {
            mount.SetValue(null, Path.Combine(Dir, "serviceaccount"));
            System.Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", "127.0.0.1");
            System.Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_PORT", Https.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));

            var config = ClusterConfig.Resolve(null, name => name == "KUBERNETES_SERVICE_HOST" ? "127.0.0.1" : null);
            using var api = new KubernetesApi(config);
            await api.ListAsync(ResourceType.Service, new ListRequest(null, null), CancellationToken.None);
            Write("serviceaccount/token", "token-2");
            await api.ListAsync(ResourceType.Service, new ListRequest(null, null), CancellationToken.None);
            // The library reads the file again a minute after it last did: let that minute pass.
            var readAgainAt = typeof(TokenFileAuth).GetProperty("TokenExpiresAt", BindingFlags.NonPublic | BindingFlags.Instance)
                ?? throw new MissingMemberException("TokenFileAuth.TokenExpiresAt (KubernetesClient changed)");
            readAgainAt.SetValue(config.TokenProvider, DateTime.UtcNow.AddSeconds(-1));
            await api.ListAsync(ResourceType.Service, new ListRequest(null, null), CancellationToken.None);

            Assert.That((config.Host, config.Namespace), Is.EqualTo(($"https://127.0.0.1:{Https.Port}/", "xds-system")));
            Assert.That(Server.Requests.Select(r => r.Authorization), Is.EqualTo(new[] { "Bearer token-1", "Bearer token-1", "Bearer token-2" }));
        }
        finally
        {
            mount.SetValue(null, saved.Item1);
            System.Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", saved.Item2);
            System.Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_PORT", saved.Item3);
        }
    }

    private static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    // A kubeconfig for the simulated server whose user is given as YAML indented under "user:".
    private string Kubeconfig(string user) => Write("config", $"""
        current-context: sim
        contexts: [{"{"}name: sim, context: {"{"}cluster: sim, user: sim{"}"} {"}"}]
        clusters:
        - name: sim
          cluster:
            server: "{Https}"
            certificate-authority-data: {Certificates.CaData}
        users:
        - name: sim
          user:
            {user}
        """);
}
