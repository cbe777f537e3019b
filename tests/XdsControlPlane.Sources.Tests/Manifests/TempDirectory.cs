namespace XdsControlPlane.Sources.Tests.Manifests;

/// <summary>A scratch directory for one test: a manifest folder inside it (<see cref="Manifests"/>) and room beside it.</summary>
internal sealed class TempDirectory : IDisposable
{
    /// <summary>Creates <c>xds-{name}-{test id}-{pid}/manifests</c> under the temp folder.</summary>
    public TempDirectory(string name)
    {
        Root = Path.Combine(Path.GetTempPath(), $"xds-{name}-{TestContext.CurrentContext.Test.ID}-{Environment.ProcessId}");
        Manifests = Path.Combine(Root, "manifests");
        Directory.CreateDirectory(Manifests);
    }

    /// <summary>The scratch folder.</summary>
    public string Root { get; }

    /// <summary>The manifest folder, inside <see cref="Root"/>.</summary>
    public string Manifests { get; }

    /// <summary>Writes <paramref name="text"/> to <paramref name="relative"/> under <see cref="Manifests"/>, creating folders.</summary>
    public string Write(string relative, string text) => Write(relative, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="relative"/> under <see cref="Manifests"/>, creating folders.</summary>
    public string Write(string relative, byte[] bytes)
    {
        var path = Path.Combine(Manifests, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Deletes the scratch folder (a recursive delete removes symbolic links, it does not follow them).</summary>
    public void Dispose() => Directory.Delete(Root, recursive: true);
}
