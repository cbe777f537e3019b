using System.Diagnostics;

namespace XdsControlPlane.EndToEnd.Tests;

/// <summary>
/// Whether gRPC C-core (Debian's python3-grpcio, seen by /usr/bin/python3) is installed. .ci/run installs it; tests
/// that need it fail in CI (<c>CI=true</c> or <c>XDS_REQUIRE_CCORE=1</c>) and are skipped, saying why, elsewhere.
/// </summary>
internal static class CCore
{
    /// <summary>Why the C-core client cannot run here, or null when it can.</summary>
    public static string? Missing()
    {
        if (!File.Exists(NodeProcess.SystemPython))
        {
            return $"{NodeProcess.SystemPython} does not exist (apt-get install python3-grpcio)";
        }

        var info = new ProcessStartInfo(NodeProcess.SystemPython, ["-c", "import grpc"]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var python = Process.Start(info)!;
        var error = python.StandardError.ReadToEnd();
        return python.WaitForExit(30_000) && python.ExitCode == 0 ? null : $"gRPC C-core is not installed for {NodeProcess.SystemPython} (apt-get install python3-grpcio): {error.Trim()}";
    }

    /// <summary>Fails in CI, skips elsewhere.</summary>
    public static void FailOrIgnore(string reason)
    {
        if (Environment.GetEnvironmentVariable("XDS_REQUIRE_CCORE") == "1" || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason);
        }

        Assert.Ignore(reason);
    }
}
