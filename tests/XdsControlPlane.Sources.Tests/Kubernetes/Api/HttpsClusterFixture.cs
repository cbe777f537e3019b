using XdsControlPlane.Testing.Kubernetes;

namespace XdsControlPlane.Sources.Tests.Kubernetes.Api;

/// <summary>
/// Per test: a cluster CA, the simulated API server over HTTPS with a certificate it signed for 127.0.0.1, and a
/// temporary folder for kubeconfigs and the files they name.
/// </summary>
public abstract class HttpsClusterFixture
{
    /// <summary>The cluster CA and its certificates.</summary>
    protected TestCertificates Certificates { get; private set; } = null!;

    /// <summary>The simulated API server.</summary>
    protected SimulatedApiServer Server { get; private set; } = null!;

    /// <summary>Its HTTPS address.</summary>
    protected Uri Https { get; private set; } = null!;

    /// <summary>The temporary folder.</summary>
    protected string Dir { get; private set; } = null!;

    /// <summary>Starts the server and makes the folder.</summary>
    [SetUp]
    public async Task StartHttpsCluster()
    {
        Certificates = new TestCertificates();
        Server = await SimulatedApiServer.StartAsync(Certificates.Server());
        Https = new UriBuilder(Server.Address) { Scheme = "https" }.Uri;
        Dir = Directory.CreateTempSubdirectory("kubeconfig-").FullName;
    }

    /// <summary>Stops the server and removes the folder.</summary>
    [TearDown]
    public async Task StopHttpsCluster()
    {
        await Server.DisposeAsync();
        Certificates.Dispose();
        Directory.Delete(Dir, recursive: true);
    }

    /// <summary>Writes <paramref name="text"/> (Unix line ends, a final newline) to <paramref name="name"/> under <see cref="Dir"/>, executable when asked.</summary>
    protected string Write(string name, string text, bool executable = false)
    {
        var path = Path.Combine(Dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        if (executable && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
