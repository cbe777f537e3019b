using XdsControlPlane.Logging;

namespace XdsControlPlane.Diagnostics;

/// <summary>Wires the admin port's guards: request log, Host allow-list, bearer tokens, cross-site write refusal.</summary>
public static class AdminTokenExtensions
{
    /// <summary>
    /// In order: the request log (so refused requests are logged), <see cref="AdminHostFilter"/>, then either
    /// <see cref="AdminTokenMiddleware"/> when a token is set or <see cref="CrossSiteWriteGuard"/> when none is (a
    /// bearer token is something a cross-site page cannot send). Call before mapping endpoints; needs
    /// <see cref="AdminRequestLogging.AddControlPlaneLogging"/> on the services.
    /// </summary>
    /// <exception cref="ArgumentException"><c>Admin:ReadToken</c> without <c>Admin:Token</c>.</exception>
    public static WebApplication UseAdminGuards(this WebApplication app, AdminOptions admin)
    {
        ArgumentNullException.ThrowIfNull(app);
        Validate(admin);
        app.UseAdminRequestLogging();
        app.UseMiddleware<AdminHostFilter>(admin);
        if (string.IsNullOrEmpty(admin.Token))
        {
            app.UseMiddleware<CrossSiteWriteGuard>(admin);
        }
        else
        {
            app.UseMiddleware<AdminTokenMiddleware>(admin.Token, admin.ReadToken ?? string.Empty);
        }

        return app;
    }

    /// <summary>Refuses option combinations that would leave the API open by mistake.</summary>
    /// <exception cref="ArgumentException"><c>Admin:ReadToken</c> without <c>Admin:Token</c>.</exception>
    public static void Validate(AdminOptions admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        if (!string.IsNullOrEmpty(admin.ReadToken) && string.IsNullOrEmpty(admin.Token))
        {
            throw new ArgumentException("Admin:ReadToken (--admin-read-token) needs Admin:Token (--admin-token): without a write token every caller could change state", nameof(admin));
        }
    }
}
