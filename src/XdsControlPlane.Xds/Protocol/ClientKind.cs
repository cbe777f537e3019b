using System.Globalization;
using Envoy.Config.Core.V3;

namespace XdsControlPlane.Xds.Protocol;

/// <summary>
/// Which xDS client implementation a node is, and which release, read from the node's user agent (a claim like every
/// node field: it chooses an encoding, never grants anything).
/// </summary>
/// <param name="Name">
/// <see cref="Envoy"/>, <see cref="GrpcCore"/> (C-core: C++, Python, Ruby, PHP), <see cref="GrpcJs"/>,
/// <see cref="GrpcGo"/>, <see cref="GrpcJava"/>, <see cref="OtherGrpc"/> or <see cref="Unknown"/>.
/// </param>
/// <param name="Version">
/// The release (<c>1.51.1</c>: for C-core the gRPC release of the wrapping language, not the core library's own
/// number), or null when the node does not say or it cannot be read.
/// </param>
public sealed record ClientKind(string Name, Version? Version)
{
    /// <summary>Envoy.</summary>
    public const string Envoy = "envoy";

    /// <summary>gRPC C-core and what wraps it (C++, Python, Ruby, PHP, Objective-C).</summary>
    public const string GrpcCore = "grpc-core";

    /// <summary>@grpc/grpc-js-xds on Node.</summary>
    public const string GrpcJs = "grpc-js";

    /// <summary>grpc-go.</summary>
    public const string GrpcGo = "grpc-go";

    /// <summary>grpc-java.</summary>
    public const string GrpcJava = "grpc-java";

    /// <summary>A gRPC implementation not listed above.</summary>
    public const string OtherGrpc = "grpc";

    /// <summary>Anything else.</summary>
    public const string Unknown = "unknown";

    /// <summary>Whether this is a gRPC library (a proxyless client).</summary>
    public bool IsGrpc => Name is GrpcCore or GrpcJs or GrpcGo or GrpcJava or OtherGrpc;

    /// <summary>
    /// The client kind of <paramref name="node"/>. C-core says <c>gRPC C-core linux Python</c> /
    /// <c>C-core 29.0.0 Python 1.51.1</c>: the wrapping language's number is the gRPC release; without one, the core
    /// library's major number is mapped to the release it shipped with where that is known (28 → 1.50, 29 → 1.51,
    /// one major per release up to then) and left unknown above.
    /// </summary>
    public static ClientKind Of(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var name = node.UserAgentName ?? string.Empty;
        var version = node.UserAgentVersionTypeCase switch
        {
            Node.UserAgentVersionTypeOneofCase.UserAgentVersion => node.UserAgentVersion,
            Node.UserAgentVersionTypeOneofCase.UserAgentBuildVersion when node.UserAgentBuildVersion.Version is { } v =>
                $"{v.MajorNumber}.{v.MinorNumber}.{v.Patch}",
            _ => string.Empty,
        };
        if (name.StartsWith("gRPC C-core", StringComparison.OrdinalIgnoreCase))
        {
            return new ClientKind(GrpcCore, CoreRelease(version));
        }

        var kind = name.ToLowerInvariant() switch
        {
            "envoy" => Envoy,
            var n when n.StartsWith("grpc node", StringComparison.Ordinal) => GrpcJs,
            var n when n.StartsWith("grpc go", StringComparison.Ordinal) || n.StartsWith("grpc-go", StringComparison.Ordinal) => GrpcGo,
            var n when n.StartsWith("grpc java", StringComparison.Ordinal) || n.StartsWith("grpc-java", StringComparison.Ordinal) => GrpcJava,
            var n when n.StartsWith("grpc", StringComparison.Ordinal) => OtherGrpc,
            _ => Unknown,
        };
        return new ClientKind(kind, ParseVersion(version.TrimStart('v')));
    }

    /// <inheritdoc />
    public override string ToString() => Version is null ? Name : $"{Name} {Version}";

    // "C-core 29.0.0 Python 1.51.1": the last number is the release when a language follows the core's own number.
    private static Version? CoreRelease(string version)
    {
        var parts = version.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var numbers = parts.Select(ParseVersion).ToList();
        if (numbers.Count(n => n is not null) >= 2 && numbers[^1] is { } release)
        {
            return release;
        }

        return numbers.FirstOrDefault(n => n is not null) is { Major: >= 24 and <= 29 } core ? new Version(1, core.Major + 22) : null;
    }

    private static Version? ParseVersion(string text)
    {
        var end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
        {
            end++;
        }

        var numeric = text[..end].TrimEnd('.');
        return numeric.Contains('.', StringComparison.Ordinal) && System.Version.TryParse(numeric, out var parsed) ? parsed
            : int.TryParse(numeric, NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? new Version(major, 0)
            : null;
    }
}
