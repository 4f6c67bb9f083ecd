using System.Net;
using System.Net.Http.Json;
using ImageGallery.Tests.Infrastructure;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Uploads;

// Buckets that refill once an hour: nothing in a test run gets a token back.
public sealed class RateLimitFactory : GalleryFactory
{
    public RateLimitFactory() => With("RateLimiting:Presign:TokenLimit", "2")
        .With("RateLimiting:Presign:TokensPerPeriod", "1")
        .With("RateLimiting:Presign:ReplenishmentPeriod", "01:00:00")
        .With("RateLimiting:Anonymous:TokenLimit", "2")
        .With("RateLimiting:Anonymous:TokensPerPeriod", "1")
        .With("RateLimiting:Anonymous:ReplenishmentPeriod", "01:00:00");
}

public class RateLimitTests(RateLimitFactory factory) : IClassFixture<RateLimitFactory>
{
    [Fact]
    public async Task Post_Presign_Returns429WithRetryAfter_WhenOverLimit_PerUser()
    {
        using var script = await factory.CreateGalleryClient().SignUpAsync();
        await script.PresignOkAsync(Request());
        await script.PresignOkAsync(Request());

        var response = await script.PresignAsync(Request());

        var problem = await AssertProblemAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Contains("try again", problem.GetProperty("detail").GetString());
        var retryAfter = int.Parse(response.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 3600);

        // Someone else is not held back by it.
        using var person = await factory.CreateGalleryClient().SignUpAsync();
        Assert.Equal(HttpStatusCode.Created, (await person.PresignAsync(Request())).StatusCode);
    }

    [Fact]
    public async Task Api_Returns429_ToAnonymousCallers_OverThePerIpLimit()
    {
        using var anonymous = factory.CreateGalleryClient();
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Unauthorized,
                (await anonymous.Http.PostAsync("/api/uploads", JsonContent.Create(Request()))).StatusCode);

        var response = await anonymous.Http.PostAsync("/api/uploads", JsonContent.Create(Request()));

        await AssertProblemAsync(response, HttpStatusCode.TooManyRequests);
        Assert.True(response.Headers.Contains("Retry-After"));
    }
}
