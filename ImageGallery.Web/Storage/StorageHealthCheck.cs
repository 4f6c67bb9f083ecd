using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImageGallery.Web.Storage;

public sealed class StorageHealthCheck(IObjectStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            return await store.IsHealthyAsync(ct) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Storage is not ready.");
        }
        catch (StorageUnavailableException)
        {
            return HealthCheckResult.Unhealthy("Storage cannot be reached.");
        }
    }
}
