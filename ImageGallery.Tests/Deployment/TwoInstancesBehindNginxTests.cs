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

    [Fact]
    public async Task ForwardedFor_IsBelievedFromTrustedProxiesOnly()
    {
        // Through nginx: it replaces whatever the client sent, so every caller here is
        // 127.0.0.1 and shares one anonymous bucket, whatever address it claims.
        var limit = Infrastructure.Deployment.AnonymousLimit;
        HttpStatusCode[] limitThenRefused = [.. Enumerable.Repeat(HttpStatusCode.Unauthorized, limit), HttpStatusCode.TooManyRequests];
        Assert.Equal(limitThenRefused, await AnonymousPresignsAsync(deployment.Nginx.Url,
            Enumerable.Range(1, limit + 1).Select(i => $"203.0.113.{i}")));

        // Straight to an instance that trusts 127.0.0.1: the forwarded address is the client's,
        // so another address has a bucket of its own.
        var trusting = deployment.Instances[0];
        Assert.Equal(limitThenRefused, await AnonymousPresignsAsync(trusting, Enumerable.Repeat("198.51.100.7", limit + 1)));
        Assert.Equal([HttpStatusCode.Unauthorized], await AnonymousPresignsAsync(trusting, ["198.51.100.8"]));

        // An instance that trusts another proxy ignores the header: 127.0.0.1's bucket is the one
        // nginx's callers emptied above (shared through Redis), whatever address is claimed.
        var untrusting = deployment.StartInstance(("Gallery:TrustedProxies:0", "10.9.9.9"));
        Assert.Equal([HttpStatusCode.TooManyRequests], await AnonymousPresignsAsync(untrusting, ["192.0.2.99"]));
    }

    private static async Task<HttpStatusCode[]> AnonymousPresignsAsync(Uri baseAddress, IEnumerable<string> forwardedFor)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        var statuses = new List<HttpStatusCode>();
        foreach (var address in forwardedFor)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads") { Content = System.Net.Http.Json.JsonContent.Create(Request()) };
            request.Headers.Add("X-Forwarded-For", address);
            statuses.Add((await http.SendAsync(request)).StatusCode);
        }
        return [.. statuses];
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
