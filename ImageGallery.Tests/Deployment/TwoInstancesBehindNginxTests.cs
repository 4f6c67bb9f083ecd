using System.Net;
using System.Text.Json;
using ImageGallery.Tests.Infrastructure;
using static ImageGallery.Tests.Gallery.GalleryTestKit;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Deployment;

// Two app processes behind nginx, sharing the database, Redis and RGW (Infrastructure/
// Deployment.cs). Each test is a fresh person; the Redis outage test restarts Redis,
// and xunit runs one test of a class at a time.
public class TwoInstancesBehindNginxTests(Infrastructure.Deployment deployment) : IClassFixture<Infrastructure.Deployment>
{
    [Fact]
    public async Task APerson_SignsInThroughNginx_Uploads_AndSeesTheGallery_OnBothInstances()
    {
        var person = new Person();
        using var viaNginx = person.At(deployment.Nginx.Url);
        await viaNginx.SignUpAsync();

        var (presign, complete) = await viaNginx.UploadImageAsync(TestImages.Jpeg, "image/jpeg");
        Assert.True(complete.StatusCode == HttpStatusCode.OK, await Describe(complete) + deployment.Logs());

        foreach (var instance in deployment.Instances)
        {
            using var direct = person.At(instance);
            var page = await direct.GetPageAsync("/");
            Assert.Equal([presign.Id], TileIds(page));
        }
    }

    [Fact]
    public async Task PresignLimit_AllowsExactlyN_InTotal_UnderConcurrentRequestsThroughNginx_ThenBothInstancesSay429()
    {
        var person = new Person();
        using var viaNginx = person.At(deployment.Nginx.Url);
        await viaNginx.SignUpAsync();

        await AssertExactlyTheLimitAsync(viaNginx);
        foreach (var instance in deployment.Instances)
        {
            using var direct = person.At(instance);
            var refused = await direct.PresignAsync(Request());
            await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests);
            Assert.True(refused.Headers.Contains("Retry-After"));
        }
    }

    [Fact]
    public async Task BothInstances_HandOutTheSameThumbnailUrl()
    {
        var person = new Person();
        using var viaNginx = person.At(deployment.Nginx.Url);
        await viaNginx.SignUpAsync();
        var (presign, _) = await viaNginx.UploadImageAsync(TestImages.Jpeg, "image/jpeg");

        using var onA = person.At(deployment.Instances[0]);
        using var onB = person.At(deployment.Instances[1]);
        var fromA = ImgSrc(await onA.GetPageAsync("/"), presign.Id);
        // S3 signs the current second into the URL: only a shared cache makes B's the same.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var fromB = ImgSrc(await onB.GetPageAsync("/"), presign.Id);

        Assert.Equal(fromA, fromB);
        Assert.Equal(HttpStatusCode.OK, (await onB.Http.GetAsync(fromB)).StatusCode);
    }

    [Fact]
    public async Task WithRedisStopped_PresignStillWorks_ReadinessReportsRedis_AndLimitsAreSharedAgainWhenItIsBack()
    {
        var person = new Person();
        using var viaNginx = person.At(deployment.Nginx.Url);
        await viaNginx.SignUpAsync();

        var (uploaded, _) = await viaNginx.UploadImageAsync(TestImages.Jpeg, "image/jpeg");

        deployment.Redis.Stop();
        try
        {
            await viaNginx.PresignOkAsync(Request());
            // The signed-URL cache does without its second level.
            Assert.Equal([uploaded.Id], TileIds(await viaNginx.GetPageAsync("/")));
            foreach (var instance in deployment.Instances)
            {
                using var direct = person.At(instance);
                var ready = await direct.Http.GetAsync("/health/ready");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
                var checks = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
                Assert.Equal("Unhealthy", checks.GetProperty("redis").GetString());
                Assert.Equal("Healthy", checks.GetProperty("database").GetString());
                Assert.Equal(HttpStatusCode.OK, (await direct.Http.GetAsync("/health/live")).StatusCode);
            }
        }
        finally
        {
            deployment.Redis.Start();
        }

        foreach (var instance in deployment.Instances)
        {
            using var direct = person.At(instance);
            await SharedState.RedisRateLimitTests.WaitUntilReadyAsync(direct);
        }
        // Redis came back empty: a fresh shared bucket, exactly N again in total.
        await AssertExactlyTheLimitAsync(viaNginx);
    }

    private static async Task AssertExactlyTheLimitAsync(GalleryClient client)
    {
        var token = await client.AntiforgeryTokenAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 4 * Infrastructure.Deployment.PresignLimit)
            .Select(_ => SharedState.SharedKeysTests.PresignWithTokenAsync(client, token)));
        Assert.Equal(Infrastructure.Deployment.PresignLimit, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created),
            r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
    }
}
