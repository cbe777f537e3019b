using System.Text;
using XdsControlPlane.Sources.Policies;

namespace XdsControlPlane.Policies;

/// <summary>
/// REST API of the policy store on the diagnostics port, under <c>/api/v1/policies</c>: list (filters <c>kind</c>, the spec
/// section, and <c>targetKind</c>, <c>targetNamespace</c>, <c>targetName</c>), get, create, replace (<c>If-Match</c> required),
/// delete (<c>If-Match</c> honoured), history. The caller may name itself in <c>X-Actor</c> for the audit trail.
/// </summary>
public static class PolicyEndpoints
{
    /// <summary>The header naming who makes a change.</summary>
    public const string ActorHeader = "X-Actor";

    private const long MaxBody = 1024 * 1024;

    /// <summary>Maps the policy endpoints.</summary>
    public static void MapPolicies(this IEndpointRouteBuilder app)
    {
        var policies = app.MapGroup("/api/v1/policies");
        policies.MapGet("", async (PolicyStore store, string? kind, string? targetKind, string? targetNamespace, string? targetName, CancellationToken ct) =>
            await Guard(store, async () => Results.Json(PolicyResources.List(await store.ListAsync(new PolicyQuery(kind, targetKind, targetNamespace, targetName), ct)))));
        policies.MapGet("/{ns}/{name}", async (string ns, string name, PolicyStore store, HttpResponse response, CancellationToken ct) =>
            await Guard(store, async () => await store.GetAsync(ns, name, ct) is { } policy
                ? Found(response, policy)
                : Error(StatusCodes.Status404NotFound, $"policy {ns}/{name} not found")));
        policies.MapGet("/{ns}/{name}/history", async (string ns, string name, PolicyStore store, CancellationToken ct) =>
            await Guard(store, async () => await store.HistoryAsync(ns, name, ct) is { Count: > 0 } history
                ? Results.Json(PolicyResources.History(ns, name, history))
                : Error(StatusCodes.Status404NotFound, $"policy {ns}/{name} has no history")));
        policies.MapPost("", async (HttpRequest request, PolicyStore store, PolicyWriteHealth health, CancellationToken ct) =>
            await Body(request, ct) is not { } body
                ? TooLarge()
                : await Write(request.HttpContext.Response, health, () => store.CreateAsync(body, Actor(request), ct)));
        policies.MapPut("/{ns}/{name}", async (string ns, string name, HttpRequest request, PolicyStore store, PolicyWriteHealth health, CancellationToken ct) =>
        {
            if (request.Headers.IfMatch.Count == 0)
            {
                return Error(StatusCodes.Status428PreconditionRequired,
                    $"If-Match is required: send the ETag of the revision you read (GET /api/v1/policies/{ns}/{name}), e.g. If-Match: \"3\"");
            }

            if (PolicyResources.Revision(request.Headers.IfMatch) is not { } revision)
            {
                return Error(StatusCodes.Status400BadRequest, $"If-Match '{request.Headers.IfMatch}' is not a revision ETag such as \"3\"");
            }

            return await Body(request, ct) is not { } body
                ? TooLarge()
                : await Write(request.HttpContext.Response, health, () => store.ReplaceAsync(ns, name, body, revision, Actor(request), ct));
        });
        policies.MapDelete("/{ns}/{name}", async (string ns, string name, HttpRequest request, PolicyStore store, PolicyWriteHealth health, CancellationToken ct) =>
        {
            long? revision = null;
            if (request.Headers.IfMatch.Count > 0 && (revision = PolicyResources.Revision(request.Headers.IfMatch)) is null)
            {
                return Error(StatusCodes.Status400BadRequest, $"If-Match '{request.Headers.IfMatch}' is not a revision ETag such as \"3\"");
            }

            return await Write(request.HttpContext.Response, health, () => store.DeleteAsync(ns, name, revision, Actor(request), ct));
        });
    }

    // Reads fail fast while the store is faulted: what they would show may not be what is served.
    private static async Task<IResult> Guard(PolicyStore store, Func<Task<IResult>> read)
    {
        if (store.Fault is { } fault)
        {
            return Unavailable(fault.Message, fault.Since);
        }

        try
        {
            return await read();
        }
        catch (PolicyStoreUnavailableException e)
        {
            return Unavailable(e.Message, store.Fault?.Since);
        }
    }

    private static async Task<IResult> Write(HttpResponse response, PolicyWriteHealth health, Func<Task<PolicyWriteResult>> write)
    {
        PolicyWriteResult result;
        try
        {
            result = await write();
        }
        catch (PolicyStoreUnavailableException e)
        {
            health.Failed(e.Message);
            return Unavailable(e.Message, null);
        }

        if (result.Status is PolicyWriteStatus.Created or PolicyWriteStatus.Replaced or PolicyWriteStatus.Deleted)
        {
            health.Succeeded();
        }

        switch (result.Status)
        {
            case PolicyWriteStatus.Created:
                response.Headers.ETag = PolicyResources.ETag(result.Policy!.Revision);
                response.Headers.Location = $"/api/v1/policies/{Uri.EscapeDataString(result.Policy.Namespace)}/{Uri.EscapeDataString(result.Policy.Name)}";
                return Results.Json(PolicyResources.Policy(result.Policy), statusCode: StatusCodes.Status201Created);
            case PolicyWriteStatus.Replaced or PolicyWriteStatus.Unchanged:
                return Found(response, result.Policy!);
            case PolicyWriteStatus.Deleted:
                return Results.NoContent();
            case PolicyWriteStatus.Invalid:
                return Results.Json(PolicyResources.Invalid(result.Errors), statusCode: StatusCodes.Status400BadRequest);
            case PolicyWriteStatus.NotFound:
                return Error(StatusCodes.Status404NotFound, result.Message!);
            default:
                return Error(StatusCodes.Status409Conflict, result.Message!);
        }
    }

    private static IResult Found(HttpResponse response, StoredPolicy policy)
    {
        response.Headers.ETag = PolicyResources.ETag(policy.Revision);
        return Results.Json(PolicyResources.Policy(policy));
    }

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    private static IResult Unavailable(string message, DateTimeOffset? since) =>
        Results.Json(new { error = message.StartsWith("the policy store", StringComparison.Ordinal) ? message : $"the policy store is unavailable: {message}", since },
            statusCode: StatusCodes.Status503ServiceUnavailable);

    private static IResult TooLarge() => Error(StatusCodes.Status413PayloadTooLarge, $"a policy must be at most {MaxBody} bytes");

    private static string? Actor(HttpRequest request) =>
        request.Headers[ActorHeader].ToString().Trim() is { Length: > 0 } actor ? actor[..Math.Min(actor.Length, 200)] : null;

    private static async Task<string?> Body(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBody)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBody)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
