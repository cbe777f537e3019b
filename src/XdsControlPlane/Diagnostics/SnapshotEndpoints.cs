using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using XdsControlPlane.Reconcile;

namespace XdsControlPlane.Diagnostics;

/// <summary>
/// Configuration snapshots over REST: history, one snapshot (names and versions, or Envoy JSON), diffs, pin and
/// unpin. A version is the 16-hex-digit content hash, any unique prefix of it (1 to 64 hex digits), or <c>current</c>
/// (what proxies are served). Errors are <c>{"error": "..."}</c>: 400 for malformed input, 404 for an unknown version.
/// </summary>
internal static partial class SnapshotEndpoints
{
    /// <summary>Default page size of the history.</summary>
    public const int DefaultLimit = 20;

    /// <summary>Largest page size of the history.</summary>
    public const int MaxLimit = 500;

    /// <summary>Maps the <c>/api/v1/snapshots</c> endpoints.</summary>
    public static void MapSnapshots(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/snapshots", (string? limit, string? before, Reconciler reconciler) => List(limit, before, reconciler));
        app.MapGet("/api/v1/snapshots/pin", (Reconciler reconciler) => Results.Json(SnapshotViews.Pin(reconciler, withLatest: true)));
        app.MapDelete("/api/v1/snapshots/pin", (Reconciler reconciler) =>
        {
            reconciler.Unpin();
            return Results.Json(SnapshotViews.Pin(reconciler, withLatest: false));
        });
        app.MapGet("/api/v1/snapshots/{version}", (string version, string? format, Reconciler reconciler) =>
        {
            if (format is not (null or "envoy"))
            {
                return BadRequest($"format '{format}' is not supported; use format=envoy or leave it out");
            }

            var (snapshot, error) = Resolve(version, reconciler);
            return error ?? Results.Json(format is null ? SnapshotViews.Detail(snapshot!, reconciler) : SnapshotViews.Envoy(snapshot!, reconciler));
        });
        app.MapGet("/api/v1/snapshots/{from}/diff/{to}", (string from, string to, Reconciler reconciler) =>
        {
            var (a, errorA) = Resolve(from, reconciler);
            var (b, errorB) = Resolve(to, reconciler);
            return errorA ?? errorB ?? Results.Json(SnapshotDiff.Between(a!, b!));
        });
        app.MapPost("/api/v1/snapshots/{version}/pin", (string version, Reconciler reconciler) =>
        {
            var (snapshot, error) = Resolve(version, reconciler);
            if (error is not null)
            {
                return error;
            }

            reconciler.Pin(snapshot!);
            return Results.Json(SnapshotViews.Pin(reconciler, withLatest: false));
        });
    }

    private static IResult List(string? limitText, string? beforeText, Reconciler reconciler)
    {
        var limit = DefaultLimit;
        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return BadRequest($"limit must be a whole number from 1 to {MaxLimit}, not '{limitText}'");
        }

        long? before = null;
        if (beforeText is not null)
        {
            if (!long.TryParse(beforeText, NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
            {
                return BadRequest($"before must be a generation (a whole number), not '{beforeText}'");
            }

            before = generation;
        }

        var candidates = reconciler.History.Where(s => before is null || s.Generation < before).Take(limit + 1).ToList();
        var page = candidates.Take(limit).ToList();
        return Results.Json(new JsonObject
        {
            ["items"] = new JsonArray([.. page.Select(s => SnapshotViews.Row(s, reconciler))]),
            ["next"] = candidates.Count > limit ? page[^1].Generation.ToString(CultureInfo.InvariantCulture) : null,
        });
    }

    /// <summary>The snapshot <paramref name="version"/> names, or the 400/404 answer.</summary>
    private static (ConfigSnapshot? Snapshot, IResult? Error) Resolve(string version, Reconciler reconciler)
    {
        if (version == "current")
        {
            return reconciler.Current is { } current ? (current, null) : (null, NotFound("no configuration has been compiled yet"));
        }

        if (!Hex().IsMatch(version))
        {
            return (null, BadRequest($"'{version}' is not a version: expected 1 to 64 hexadecimal digits or 'current'"));
        }

        var found = reconciler.Find(version.ToLowerInvariant());
        return found.Select(s => s.Version).Distinct(StringComparer.Ordinal).Count() switch
        {
            0 => (null, NotFound($"no configuration snapshot with version '{version}' (the history keeps the newest {reconciler.History.Count})")),
            1 => (found[0], null),
            _ => (null, BadRequest($"version prefix '{version}' is ambiguous: {string.Join(", ", found.Select(s => s.Version).Distinct(StringComparer.Ordinal))}")),
        };
    }

    private static IResult BadRequest(string message) => Results.Json(SnapshotViews.Error(message), statusCode: StatusCodes.Status400BadRequest);

    private static IResult NotFound(string message) => Results.Json(SnapshotViews.Error(message), statusCode: StatusCodes.Status404NotFound);

    [GeneratedRegex("^[0-9a-fA-F]{1,64}$")]
    private static partial Regex Hex();
}
