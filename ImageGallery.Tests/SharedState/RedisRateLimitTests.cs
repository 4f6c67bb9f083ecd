using System.Net;
using System.Text.Json;
using ImageGallery.Tests.Infrastructure;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.SharedState;

// Two instances, one Redis: a per-user limit holds in total, not per instance. The
// outage tests stop this class's Redis; xunit runs a class's tests one at a time.
public class RedisRateLimitTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const int Limit = 4;

    private static readonly (string, string)[] OneBucketAnHour =
    [
        ("RateLimiting:Presign:TokenLimit", Limit.ToString()),
        ("RateLimiting:Presign:TokensPerPeriod", "1"),
        ("RateLimiting:Presign:ReplenishmentPeriod", "01:00:00"),
    ];

    [Fact]
    public async Task Presign_PerUserLimit_AllowsExactlyN_InTotal_UnderConcurrentRequestsToBothInstances()
    {
        using var instances = new TwoInstances(redis, OneBucketAnHour);
        var (onA, onB, token) = await SignedInOnBothAsync(instances);

        var statuses = await PresignOnBothAsync(onA, onB, token);

        Assert.Equal(Limit, statuses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(statuses.Where(r => r.StatusCode != HttpStatusCode.Created), r =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode);
            Assert.InRange(int.Parse(r.Headers.GetValues("Retry-After").Single()), 1, 3600);
        });
        foreach (var browser in new[] { onA, onB })
            await AssertProblemAsync(await SharedKeysTests.PresignWithTokenAsync(browser, token), HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Presign_FailsOpen_WhenRedisIsDown_ReadinessSaysSo_AndLimitsAreSharedAgain_WhenItIsBack()
    {
        using var instances = new TwoInstances(redis, OneBucketAnHour);
        var (onA, onB, token) = await SignedInOnBothAsync(instances);
        Assert.Equal(HttpStatusCode.Created, (await SharedKeysTests.PresignWithTokenAsync(onA, token)).StatusCode);

        redis.Stop();
        Assert.Equal(HttpStatusCode.Created, (await SharedKeysTests.PresignWithTokenAsync(onA, token)).StatusCode);
        var ready = await onA.Http.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", Check(await ready.Content.ReadAsStringAsync(), "redis"));
        Assert.Equal(HttpStatusCode.OK, (await onA.Http.GetAsync("/health/live")).StatusCode);

        // Back, empty: the instances find it again and count together from scratch.
        redis.Start();
        await WaitUntilReadyAsync(onA);
        await WaitUntilReadyAsync(onB);
        var statuses = await PresignOnBothAsync(onA, onB, token);
        Assert.Equal(Limit, statuses.Count(r => r.StatusCode == HttpStatusCode.Created));
    }

    [Fact]
    public async Task Presign_Returns503ProblemDetails_WhenRedisIsDown_AndFailOpenIsFalse()
    {
        using var instances = new TwoInstances(redis, [.. OneBucketAnHour, ("RateLimiting:FailOpen", "false")]);
        var (onA, _, token) = await SignedInOnBothAsync(instances);
        Assert.Equal(HttpStatusCode.Created, (await SharedKeysTests.PresignWithTokenAsync(onA, token)).StatusCode);

        redis.Stop();
        try
        {
            await AssertProblemAsync(await SharedKeysTests.PresignWithTokenAsync(onA, token), HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            redis.Start();
        }
    }

    // One person, signed in on A, with the same cookies on B (Redis running).
    private async Task<(GalleryClient OnA, GalleryClient OnB, string Token)> SignedInOnBothAsync(TwoInstances instances)
    {
        redis.Start();
        var onA = await instances.Browser(instances.A).SignUpAsync();
        return (onA, instances.Browser(instances.B), await onA.AntiforgeryTokenAsync());
    }

    // Three times the limit, alternating between the instances, all at once.
    private static Task<HttpResponseMessage[]> PresignOnBothAsync(GalleryClient onA, GalleryClient onB, string token) =>
        Task.WhenAll(Enumerable.Range(0, 3 * Limit).Select(i => SharedKeysTests.PresignWithTokenAsync(i % 2 == 0 ? onA : onB, token)));

    private static string? Check(string healthJson, string name) =>
        JsonDocument.Parse(healthJson).RootElement.GetProperty("checks").GetProperty(name).GetString();

    internal static async Task WaitUntilReadyAsync(GalleryClient browser)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await browser.Http.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "The app did not find Redis again within 30 s.");
            await Task.Delay(200);
        }
    }
}
