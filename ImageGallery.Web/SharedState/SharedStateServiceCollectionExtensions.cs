using ImageGallery.Web.Data;
using ImageGallery.Web.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.SharedState;

// What several instances of the app must share besides the database and the bucket:
// the data protection keys (cookies, antiforgery tokens), rate-limit counters and the
// signed-URL cache. In Redis when Redis:Configuration is set; otherwise the keys are in
// the database and the rest is per process.
public static class SharedStateServiceCollectionExtensions
{
    public static IServiceCollection AddGallerySharedState(this IServiceCollection services)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RedisConnection>();
        // Replaces the in-process partitions of Hosting/RateLimits (it falls back to them).
        services.Replace(ServiceDescriptor.Singleton<IRateLimitPartitions, RateLimiters>());

        // Keys survive restarts and are the same on every instance, so a cookie or an
        // antiforgery token from one instance is accepted by all.
        services.AddDataProtection().SetApplicationName("ImageGallery");
        services.AddOptions<KeyManagementOptions>()
            .Configure<RedisConnection, IServiceProvider, ILoggerFactory>((o, redis, sp, logs) =>
                o.XmlRepository = redis.IsConfigured
                    ? new RedisXmlRepository(() => redis.Database, redis.KeyPrefix + "data-protection-keys")
                    : new EntityFrameworkCoreXmlRepository<GalleryDbContext>(sp, logs));
        services.AddSingleton<KeyRingImport>();

        // HybridCache (the signed-URL cache, Gallery/ViewUrls) uses Redis as its second
        // level when configured; an in-memory IDistributedCache is ignored by it.
        services.AddHybridCache();
        services.AddSingleton<IDistributedCache>(sp =>
        {
            var redis = sp.GetRequiredService<RedisConnection>();
            return redis.IsConfigured
                ? new RedisCache(Options.Create(new RedisCacheOptions
                {
                    ConnectionMultiplexerFactory = () => Task.FromResult(redis.Multiplexer),
                    InstanceName = redis.KeyPrefix + "cache:",
                }))
                : new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        });

        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", timeout: TimeSpan.FromSeconds(5));
        return services;
    }
}
