namespace XdsControlPlane.Diagnostics;

/// <summary>Wires <see cref="AdminTokenMiddleware"/>.</summary>
public static class AdminTokenExtensions
{
    /// <summary>Requires <paramref name="token"/> on <c>/api/</c> when it is set; does nothing otherwise. Call before mapping endpoints.</summary>
    public static WebApplication UseAdminToken(this WebApplication app, string? token)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!string.IsNullOrEmpty(token))
        {
            app.UseMiddleware<AdminTokenMiddleware>(token);
        }

        return app;
    }
}
