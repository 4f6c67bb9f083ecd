using System.Globalization;
using System.Threading.RateLimiting;
using ImageGallery.Web.Hosting;
using ImageGallery.Web.SharedState;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Uploads;

public static class UploadsServiceCollectionExtensions
{
    public static IServiceCollection AddGalleryUploads(this IServiceCollection services)
    {
        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.Section)
            .PostConfigure(o => o.AllowedContentTypes = o.AllowedContentTypes.Length == 0
                ? UploadOptions.DefaultContentTypes
                : o.AllowedContentTypes.Select(UploadRules.Normalize).Distinct().ToArray())
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddScoped<UploadService>();
        services.AddScoped<StagedObjectPromoter>();
        services.AddSingleton<PendingUploadWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<PendingUploadWriter>());
        services.AddSingleton<AbandonedUploadSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<AbandonedUploadSweeper>());

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectAsync;

            // Anonymous API traffic, per client IP: it gets 401 anyway, but cheaply.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
                ctx.User.Identity?.IsAuthenticated == true || !ctx.Request.Path.StartsWithSegments("/api")
                    ? RateLimitPartition.GetNoLimiter("")
                    : Limiters(ctx).TokenBucket("anonymous", "ip:" + ctx.Connection.RemoteIpAddress, Settings(ctx).Anonymous));

            // Presigning, per signed-in user (anonymous callers are held by the global limit).
            o.AddPolicy(UploadEndpoints.PresignRateLimit, ctx =>
                ctx.User.Identity?.IsAuthenticated == true
                    ? Limiters(ctx).TokenBucket(UploadEndpoints.PresignRateLimit,
                        "user:" + ctx.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, Settings(ctx).Presign)
                    : RateLimitPartition.GetNoLimiter(""));
        });
        return services;
    }

    public static IEndpointRouteBuilder MapUploadEndpoints(this IEndpointRouteBuilder app) => UploadEndpoints.Map(app);

    private static RateLimitingOptions Settings(HttpContext ctx) =>
        ctx.RequestServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value;

    // Redis-held buckets when Redis is configured, in-process ones otherwise (SharedState/RateLimiters).
    private static RateLimiters Limiters(HttpContext ctx) => ctx.RequestServices.GetRequiredService<RateLimiters>();

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var metrics = http.RequestServices.GetRequiredService<GalleryMetrics>();
        var endpoint = http.GetEndpoint()?.DisplayName;
        if (context.Lease.TryGetMetadata(RateLimiters.StoreUnavailable, out _))
        {
            // Redis is down and RateLimiting:FailOpen is false: no decision can be made.
            metrics.RateLimitRefused("store-unavailable", endpoint);
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails =
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "Service unavailable.",
                    Detail = "The rate limit cannot be checked right now. Try again shortly.",
                },
            });
            return;
        }
        metrics.RateLimitRefused("limit", endpoint);
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests.",
                Detail = $"Slow down: try again in {seconds} seconds.",
            },
        });
    }
}
