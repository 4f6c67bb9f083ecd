using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImageGallery.Web.SharedState;

// Registered only for /health/ready, and Healthy without Redis configured (nothing to check).
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!redis.IsConfigured) return HealthCheckResult.Healthy("Redis is not configured.");
        if (!redis.IsConnected) return HealthCheckResult.Unhealthy("Redis cannot be reached.");
        try
        {
            await redis.Database.PingAsync().WaitAsync(ct);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer.");
        }
    }
}
