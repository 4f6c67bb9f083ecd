using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Hosting;

// Every rate limit, in one place: a named policy per kind of request, each partitioned
// by user or client IP. The limiter behind a partition comes from IRateLimitPartitions,
// so a shared (e.g. Redis-backed) one can replace the in-process token buckets.
public static class RateLimits
{
    public const string Presign = "presign";
    public const string Complete = "complete";
    public const string Delete = "delete";
    public const string SignIn = "sign-in";
    public const string Storage = "storage";

    public static IServiceCollection AddGalleryRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IRateLimitPartitions, InProcessRateLimitPartitions>();

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectAsync;

            // Anonymous API traffic, per client IP: it gets 401 anyway, but cheaply.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
                IsSignedIn(ctx) || !WebApplicationExtensions.IsApi(ctx) ? NoLimit : PerIp(ctx, "anonymous", s => s.Anonymous));

            // Per signed-in user (anonymous callers are held by the global limit).
            o.AddPolicy(Presign, ctx => PerUser(ctx, Presign, s => s.Presign));
            o.AddPolicy(Complete, ctx => PerUser(ctx, Complete, s => s.Complete));
            o.AddPolicy(Delete, ctx => PerUser(ctx, Delete, s => s.Delete));

            // Per client IP. Forms count only when posted; showing them is free.
            o.AddPolicy(SignIn, ctx => HttpMethods.IsPost(ctx.Request.Method) ? PerIp(ctx, SignIn, s => s.SignIn) : NoLimit);
            o.AddPolicy(Storage, ctx => PerIp(ctx, Storage, s => s.Storage));
        });
        return services;
    }

    private static readonly RateLimitPartition<string> NoLimit = RateLimitPartition.GetNoLimiter("");

    private static bool IsSignedIn(HttpContext ctx) => ctx.User.Identity?.IsAuthenticated == true;

    private static RateLimitPartition<string> PerUser(HttpContext ctx, string policy, Func<RateLimitingOptions, TokenBucketSettings> pick) =>
        IsSignedIn(ctx) ? Partition(ctx, $"{policy}:user:{ctx.User.FindFirstValue(ClaimTypes.NameIdentifier)}", pick) : NoLimit;

    private static RateLimitPartition<string> PerIp(HttpContext ctx, string policy, Func<RateLimitingOptions, TokenBucketSettings> pick) =>
        Partition(ctx, $"{policy}:ip:{ctx.Connection.RemoteIpAddress}", pick);

    private static RateLimitPartition<string> Partition(HttpContext ctx, string key, Func<RateLimitingOptions, TokenBucketSettings> pick)
    {
        var services = ctx.RequestServices;
        var settings = pick(services.GetRequiredService<IOptions<RateLimitingOptions>>().Value);
        return services.GetRequiredService<IRateLimitPartitions>().Get(key, settings);
    }

    // The API answers problem+json; the embedded store answers as S3 does (upload.js
    // words SlowDown); a page gets the friendly status page (status code pages render
    // /status/429 in place). All with Retry-After.
    // problem+json with the status the response already has.
    private static ValueTask ProblemAsync(HttpContext http, string title, string detail) =>
        http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = http.Response.StatusCode, Title = title, Detail = detail },
        });

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var metrics = http.RequestServices.GetRequiredService<GalleryMetrics>();
        if (context.Lease.TryGetMetadata(SharedState.RateLimiters.StoreUnavailable, out _))
        {
            // Redis is unreachable and RateLimiting:FailOpen is false: no decision can be made.
            metrics.RateLimitRefused("store-unavailable", http.GetEndpoint()?.DisplayName);
            http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            if (WebApplicationExtensions.IsApi(http))
                await ProblemAsync(http, "Service unavailable.", "The rate limit cannot be checked right now. Try again shortly.");
            return;
        }
        metrics.RateLimitRefused("limit", http.GetEndpoint()?.DisplayName);
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        if (WebApplicationExtensions.IsApi(http))
            await ProblemAsync(http, "Too many requests.", $"Slow down: try again in {seconds} seconds.");
        else if (http.Request.Path.StartsWithSegments("/storage"))
        {
            http.Response.ContentType = "application/xml";
            await http.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>" +
                                           "<Message>Please reduce your request rate.</Message></Error>", ct);
        }
    }
}

// Where a policy's partition gets its limiter: swapped as a whole for a shared store.
public interface IRateLimitPartitions
{
    RateLimitPartition<string> Get(string key, TokenBucketSettings settings);
}

// Token buckets in this process: each instance counts on its own, a restart resets them.
// With Redis configured, SharedState/RateLimiters replaces this (and falls back to it).
public sealed class InProcessRateLimitPartitions : IRateLimitPartitions
{
    public RateLimitPartition<string> Get(string key, TokenBucketSettings s) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => Options(s));

    public static TokenBucketRateLimiterOptions Options(TokenBucketSettings s) =>
        new()
        {
            TokenLimit = s.TokenLimit,
            TokensPerPeriod = s.TokensPerPeriod,
            ReplenishmentPeriod = s.ReplenishmentPeriod,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
}
