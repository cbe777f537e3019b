using Serilog;
using Serilog.AspNetCore;
using Serilog.Events;

namespace XdsControlPlane.Logging;

/// <summary>
/// One log event per admin request through Serilog.AspNetCore: method, path, status, duration and caller (remote
/// address and which kind of token it presented, never the token). Writes are Information; reads, probes and scrapes
/// Debug, so a polling dashboard or Prometheus does not fill the log; refused callers Warning; server errors Error.
/// </summary>
internal static class AdminRequestLogging
{
    /// <summary>The <see cref="HttpContext.Items"/> key under which the token check notes the token kind used.</summary>
    public const string TokenKindItem = "XdsControlPlane.Admin.TokenKind";

    /// <summary>The request event's message template.</summary>
    public const string Template = "{RequestMethod:l} {RequestPath:l} {StatusCode} in {Elapsed:0.0} ms from {RemoteAddress:l} (token: {TokenKind:l})";

    /// <summary>Registers Serilog (with <paramref name="logger"/>) as the host's logger and the request diagnostic context.</summary>
    public static IServiceCollection AddControlPlaneLogging(this IServiceCollection services, Serilog.ILogger logger) =>
        services.AddSingleton(logger).AddSerilog(logger, dispose: false);

    /// <summary>Logs every request that passes this point; call first, so refused requests are logged too.</summary>
    public static IApplicationBuilder UseAdminRequestLogging(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
        {
            // The host's logger, not the static one: test hosts and the server each log where they were told to.
            options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = Template;
            options.GetLevel = Level;
            options.EnrichDiagnosticContext = Enrich;
        });

    /// <summary>The level of a finished request.</summary>
    public static LogEventLevel Level(HttpContext context, double elapsed, Exception? error) =>
        error is not null || context.Response.StatusCode >= 500 ? LogEventLevel.Error
        : context.Response.StatusCode is 401 or 403 or 421 ? LogEventLevel.Warning
        : HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method) ? LogEventLevel.Debug
        : LogEventLevel.Information;

    private static void Enrich(IDiagnosticContext diagnostics, HttpContext context)
    {
        diagnostics.Set("RemoteAddress", context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        diagnostics.Set("TokenKind", context.Items[TokenKindItem] as string ?? "none");
    }
}
