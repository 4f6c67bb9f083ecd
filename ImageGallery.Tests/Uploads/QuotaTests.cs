using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Uploads;

public class QuotaFactory : GalleryFactory
{
    public QuotaFactory() : this(TestDatabase.Sqlite) { }

    protected QuotaFactory(TestDatabase database) : base(database) => With("Uploads:MaxImagesPerUser", "3")
        .With("Uploads:MaxBytes", "100000")
        .With("Uploads:MaxThumbnailBytes", "50000")
        .With("Uploads:MaxBytesPerUser", "150000");
}

public sealed class PostgresQuotaFactory() : QuotaFactory(TestDatabase.Postgres);

public abstract class QuotaTests(QuotaFactory factory)
{
    private async Task<GalleryClient> SignedInAsync() => await factory.CreateGalleryClient().SignUpAsync();

    [Fact]
    public async Task Presign_Returns409_WhenTheImageCountIsReached_CountingPendingUploads()
    {
        using var client = await SignedInAsync();
        await client.UploadImageAsync(TestImages.Jpeg, "image/jpeg");
        await client.PresignOkAsync(Request(size: 1000));
        await client.PresignOkAsync(Request(size: 1000));

        var problem = await AssertProblemAsync(await client.PresignAsync(Request(size: 1000)), HttpStatusCode.Conflict);

        Assert.Contains("3 images", problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("quota", out _));
    }

    [Fact]
    public async Task Presign_ConcurrentRequestsForTheLastSlots_NeverPassTheLimit_AndTheCountersMatchTheRows()
    {
        using var client = await SignedInAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.PresignAsync(Request(size: 1000))));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
        var user = db.Users.Single(u => u.Email == client.Email);
        Assert.Equal(3, db.Images.Count(i => i.OwnerId == user.Id));
        Assert.Equal(3, user.ImageCount);
        Assert.Equal(3000, user.BytesUsed);
    }

    [Fact]
    public async Task Presign_Returns413_WhenTheUploadWouldPassTheByteQuota()
    {
        using var client = await SignedInAsync();
        await client.PresignOkAsync(Request(size: 100_000));

        var problem = await AssertProblemAsync(await client.PresignAsync(Request(size: 50_001)), HttpStatusCode.RequestEntityTooLarge);

        Assert.True(problem.GetProperty("errors").TryGetProperty("quota", out _));
        // Exactly up to the limit is fine.
        Assert.Equal(HttpStatusCode.Created, (await client.PresignAsync(Request(size: 50_000))).StatusCode);
    }

    [Fact]
    public async Task Presign_CountsTheThumbnailAgainstTheByteQuota()
    {
        using var client = await SignedInAsync();
        await client.PresignOkAsync(Request(size: 100_000));
        await AssertProblemAsync(await client.PresignAsync(Request(size: 45_000, thumbnail: Thumbnail("image/webp", 5_001))),
            HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Presign_FollowsAnOverride_ThatRaisesTheLimits()
    {
        using var client = await SignedInAsync();
        await SetOverridesAsync(client.Email!, images: 5, bytes: 1_000_000);
        for (var i = 0; i < 5; i++)
            await client.PresignOkAsync(Request(size: 100_000));

        await AssertProblemAsync(await client.PresignAsync(Request(size: 1000)), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Presign_FollowsAnOverride_ThatLowersTheLimits()
    {
        using var client = await SignedInAsync();
        await SetOverridesAsync(client.Email!, images: 1, bytes: 10_000);

        await AssertProblemAsync(await client.PresignAsync(Request(size: 10_001)), HttpStatusCode.RequestEntityTooLarge);
        await client.PresignOkAsync(Request(size: 10_000));
        await AssertProblemAsync(await client.PresignAsync(Request(size: 1)), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Delete_FreesQuota()
    {
        using var client = await SignedInAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add((await client.PresignOkAsync(Request(size: 1000))).Id);
        await AssertProblemAsync(await client.PresignAsync(Request(size: 1000)), HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteImageAsync(ids[0])).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await client.PresignAsync(Request(size: 1000))).StatusCode);
    }

    private async Task SetOverridesAsync(string email, int? images, long? bytes)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        user.MaxImagesOverride = images;
        user.MaxBytesOverride = bytes;
        Assert.True((await users.UpdateAsync(user)).Succeeded);
    }
}

public sealed class SqliteQuotaTests(QuotaFactory factory) : QuotaTests(factory), IClassFixture<QuotaFactory>;

public sealed class PostgresQuotaTests(PostgresQuotaFactory factory) : QuotaTests(factory), IClassFixture<PostgresQuotaFactory>;
