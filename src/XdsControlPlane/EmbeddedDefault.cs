namespace XdsControlPlane;

/// <summary>Finds the bundled quickstart manifests, so the server runs with no setup from a checkout.</summary>
internal static class EmbeddedDefault
{
    private static readonly string s_relative = Path.Combine("samples", "quickstart", "manifests");

    /// <summary>
    /// <c>samples/quickstart/manifests</c> in the working directory or one of its parents, else above the binary
    /// (<c>dotnet run</c> may start the process elsewhere); null when there is none.
    /// </summary>
    public static string? FindQuickstart()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, s_relative);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
