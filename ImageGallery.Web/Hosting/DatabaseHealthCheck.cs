using ImageGallery.Web.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImageGallery.Web.Hosting;

public sealed class DatabaseHealthCheck(GalleryDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        await db.Database.CanConnectAsync(ct)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database cannot be reached.");
}
