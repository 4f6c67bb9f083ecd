using System.Net;
using System.Net.Http.Json;
using ImageGallery.Tests.Infrastructure;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Uploads;

// Buckets that refill once an hour: nothing in a test run gets a token back.
public sealed class RateLimitFactory : GalleryFactory
{
    public RateLimitFactory()
    {
        foreach (var bucket in new[] { "Presign", "Complete", "Delete", "Anonymous", "Storage" })
            Slow(this, bucket);
    }

    internal static void Slow(GalleryFactory f, string bucket) => f
        .With($"RateLimiting:{bucket}:TokenLimit", "2")
        .With($"RateLimiting:{bucket}:TokensPerPeriod", "1")
        .With($"RateLimiting:{bucket}:ReplenishmentPeriod", "01:00:00");
}

// Sign-in forms share one bucket per address: a class of its own, since every other
// test signs people up.
public sealed class SignInRateLimitFactory : GalleryFactory
{
    public SignInRateLimitFactory() => RateLimitFactory.Slow(this, "SignIn");
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

    [Fact]
    public async Task Post_CompleteAndDelete_Return429WithRetryAfter_WhenOverLimit_PerUser()
    {
        using var script = await factory.CreateGalleryClient().SignUpAsync();
        var id = Guid.NewGuid();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await script.CompleteAsync(id)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await script.DeleteImageAsync(id)).StatusCode);
        }

        foreach (var response in new[] { await script.CompleteAsync(id), await script.DeleteImageAsync(id) })
        {
            await AssertProblemAsync(response, HttpStatusCode.TooManyRequests);
            Assert.InRange(int.Parse(response.Headers.GetValues("Retry-After").Single()), 1, 3600);
        }

        using var person = await factory.CreateGalleryClient().SignUpAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await person.CompleteAsync(id)).StatusCode);
    }

    [Fact]
    public async Task Storage_Returns429AsSlowDown_OverThePerIpLimit()
    {
        using var anonymous = factory.CreateClient();
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync("/storage/objects/users/x/y/original.jpg")).StatusCode);

        var get = await anonymous.GetAsync("/storage/objects/users/x/y/original.jpg");
        var post = await anonymous.PostAsync("/storage/upload", new MultipartFormDataContent());

        foreach (var response in new[] { get, post })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Contains("<Code>SlowDown</Code>", await response.Content.ReadAsStringAsync());
            Assert.True(response.Headers.Contains("Retry-After"));
        }
    }
}

public class SignInRateLimitTests(SignInRateLimitFactory factory) : IClassFixture<SignInRateLimitFactory>
{
    [Fact]
    public async Task Post_LoginAndRegister_Return429WithAFriendlyPage_OverThePerIpLimit()
    {
        using var guesser = factory.CreateGalleryClient();
        var victim = GalleryClient.NewEmail("victim");
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await guesser.LoginAsync(victim, $"guess {i}")).StatusCode);

        var login = await guesser.LoginAsync(victim, "guess 3");
        var register = await guesser.RegisterAsync(GalleryClient.NewEmail());

        foreach (var response in new[] { login, register })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.True(response.Headers.Contains("Retry-After"));
            var page = await Html.ParseAsync(response);
            Assert.Equal("Slow down", page.QuerySelector("h1")!.TextContent.Trim());
        }
        // Showing the form is not limited.
        Assert.Equal(HttpStatusCode.OK, (await guesser.Http.GetAsync("/Identity/Account/Login")).StatusCode);
    }
}
