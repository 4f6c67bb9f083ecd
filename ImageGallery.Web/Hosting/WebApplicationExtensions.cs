using System.Text.Json;
using ImageGallery.Web.Accounts;
using ImageGallery.Web.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Hosting;

public static class WebApplicationExtensions
{
    // Runs before the app serves anything or a command runs: settings are checked,
    // the data directory exists, the schema is current and configured admins are admins.
    public static async Task InitializeAsync(this WebApplication app)
    {
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        Directory.CreateDirectory(app.Services.GetRequiredService<IOptions<GalleryOptions>>().Value.DataDirectory);

        await using var scope = app.Services.CreateAsyncScope();
        if (scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await scope.ServiceProvider.GetRequiredService<AdminRoles>().GrantConfiguredAdminsAsync();
    }

    public static WebApplication UseGalleryPipeline(this WebApplication app)
    {
        static bool IsApi(HttpContext c) => c.Request.Path.StartsWithSegments("/api");

        // JSON callers get RFC 9457 problem details; people get a friendly page.
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });
        app.UseWhen(c => !IsApi(c), pages =>
        {
            if (!app.Environment.IsDevelopment()) pages.UseExceptionHandler("/Error");
            pages.UseStatusCodePagesWithReExecute("/status/{0}");
        });

        app.Use(async (ctx, next) =>
        {
            var h = ctx.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h["Referrer-Policy"] = "same-origin";
            h.XFrameOptions = "DENY";
            await next();
        });

        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteHealth });
        app.MapStaticAssets();
        app.MapRazorPages().WithStaticAssets();
        return app;
    }

    private static Task WriteHealth(HttpContext ctx, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
        }));
    }
}
