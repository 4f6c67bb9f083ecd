using System.Text.Json;
using ImageGallery.Web.Accounts;
using ImageGallery.Web.Data;
using ImageGallery.Web.SharedState;
using ImageGallery.Web.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Hosting;

public static class WebApplicationExtensions
{
    // Runs before the app serves anything or a command runs: settings are checked,
    // the data directory exists, the schema is current and configured admins are
    // admins. Returns the migrations it applied.
    public static async Task<IReadOnlyList<string>> InitializeAsync(this WebApplication app, bool migrate)
    {
        app.Services.GetRequiredService<IStartupValidator>().Validate();
        Directory.CreateDirectory(app.Services.GetRequiredService<IOptions<GalleryOptions>>().Value.DataDirectory);
        // Built now, not at the first upload: a bad embedded signing secret stops the start.
        app.Services.GetRequiredService<IObjectStore>();

        await using var scope = app.Services.CreateAsyncScope();
        var migrator = scope.ServiceProvider.GetRequiredService<DatabaseMigrator>();
        IReadOnlyList<string> applied = [];
        if (migrate || scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup)
            applied = await migrator.MigrateAsync();
        else if (await migrator.PendingAsync() is { Count: > 0 } pending)
            throw new InvalidOperationException(
                $"The database is {pending.Count} migration(s) behind and Database:MigrateOnStartup is false. " +
                "Run `dotnet run --project ImageGallery.Web -- migrate` (or the published app with `migrate`) first.");
        await scope.ServiceProvider.GetRequiredService<AdminRoles>().GrantConfiguredAdminsAsync();
        scope.ServiceProvider.GetRequiredService<KeyRingImport>().Run();
        return applied;
    }

    // The JSON API (problem+json, its own rate-limit partitions); everything else is pages.
    internal static bool IsApi(HttpContext ctx) => ctx.Request.Path.StartsWithSegments("/api");

    public static WebApplication UseGalleryPipeline(this WebApplication app)
    {
        // First: everything after it (rate limits, cookies' Secure flag, links) sees the client.
        app.UseGalleryForwardedHeaders();

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

        // Outside Development browsers are told to use HTTPS only (the middleware sends
        // it on HTTPS requests, not for localhost); TLS itself is the proxy's.
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseCookiePolicy();
        var headers = app.Services.GetRequiredService<SecurityHeaders>();
        app.Use((ctx, next) => headers.ApplyAsync(ctx, next));

        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();

        // Liveness: the process serves requests (no dependency is asked, so a database outage
        // does not get every instance restarted). Readiness: database, storage, and Redis
        // when configured. /health is the same as /health/ready, as it always was.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealth });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { ResponseWriter = WriteHealth });
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
