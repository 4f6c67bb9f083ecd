using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Trash;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static ImageGallery.Tests.Gallery.GalleryTestKit;
using static ImageGallery.Tests.Trash.TrashApi;

namespace ImageGallery.Tests.Trash;

// Retention, purge and restore through real storage, on both backends, with a clock
// the test moves.
public abstract class TrashPurgeTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : GalleryFactory, new()
{
    private readonly ManualTime _time = new(DateTimeOffset.UtcNow);

    private WebApplicationFactory<Program> App() =>
        factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_time)));

    [Fact]
    public async Task Purge_AfterTheRetention_DeletesObjectsAndRows_AndReleasesTheQuotaExactlyOnce_WithTwoPurgesAtOnce()
    {
        using var app = App();
        using var client = new GalleryClient(app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = GalleryFactory.BaseAddress, AllowAutoRedirect = false,
        }));
        await client.SignUpAsync();
        var userId = await ImageSeeder.UserIdAsync(factory, client.Email!);
        var images = new List<Image>();
        for (var i = 0; i < 3; i++) images.Add(await ImageSeeder.SeedStoredAsync(factory, client.Http, userId));
        var kept = await ImageSeeder.SeedStoredAsync(factory, client.Http, userId);
        var before = await UsageAsync(factory, userId);

        Assert.Equal(HttpStatusCode.OK, (await client.TrashAsync(images.Select(i => i.PublicId))).StatusCode);
        // Still counted while in the trash.
        Assert.Equal(before, await UsageAsync(factory, userId));

        var purger = app.Services.GetRequiredService<TrashPurger>();
        _time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await purger.PurgeDueAsync(CancellationToken.None));
        Assert.NotNull(await StoredAsync(factory, images[0].ObjectKey));

        _time.Advance(TimeSpan.FromMinutes(2));
        var both = await Task.WhenAll(purger.PurgeDueAsync(CancellationToken.None), purger.PurgeDueAsync(CancellationToken.None));

        Assert.Equal(3, both.Sum());
        foreach (var image in images)
        {
            Assert.Null(await FindAsync(factory, image.PublicId));
            Assert.Null(await StoredAsync(factory, image.ObjectKey));
            Assert.Null(await StoredAsync(factory, image.ThumbnailKey!));
        }
        Assert.NotNull(await StoredAsync(factory, kept.ObjectKey));
        var after = await UsageAsync(factory, userId);
        Assert.Equal((1, kept.StoredBytes()), (after.Images, after.Bytes));
        Assert.Equal((after.RowCount, after.RowBytes), (after.Images, after.Bytes));

        // A third purge finds nothing and releases nothing.
        Assert.Equal(0, await purger.PurgeDueAsync(CancellationToken.None));
        Assert.Equal(after, await UsageAsync(factory, userId));
    }

    [Fact]
    public async Task DeleteForever_OneAndBulk_DeletesObjectsAndReleasesQuota_AndRestoreAfterwardsIs404()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var one = await ImageSeeder.SeedStoredAsync(factory, client.Http, userId);
        var two = await ImageSeeder.SeedStoredAsync(factory, client.Http, userId);
        var three = await ImageSeeder.SeedStoredAsync(factory, client.Http, userId);
        Assert.Equal(HttpStatusCode.OK, (await client.TrashAsync([one.PublicId, two.PublicId, three.PublicId])).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.SendWithTokenAsync(HttpMethod.Delete, $"/api/trash/{one.PublicId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.BulkAsync("/api/trash/delete", [two.PublicId, three.PublicId])).StatusCode);

        foreach (var image in new[] { one, two, three })
        {
            Assert.Null(await FindAsync(factory, image.PublicId));
            Assert.Null(await StoredAsync(factory, image.ObjectKey));
        }
        Assert.Equal((0, 0L, 0, 0L), await UsageAsync(factory, userId));
        await ProblemAsync(await client.SendWithTokenAsync(HttpMethod.Post, $"/api/trash/{one.PublicId}/restore"), HttpStatusCode.NotFound);
        await ProblemAsync(await client.SendWithTokenAsync(HttpMethod.Delete, $"/api/trash/{one.PublicId}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Restore_PutsBackTheStatusItHad_AndTheImageIsServedAgain()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var approved = await ImageSeeder.SeedStoredAsync(factory, client.Http, userId);
        var rejected = (await ImageSeeder.SeedRecordsAsync(factory, userId, 1, ImageStatus.Rejected))[0];
        Assert.Equal(HttpStatusCode.OK, (await client.TrashAsync([approved.PublicId, rejected])).StatusCode);
        Assert.Empty(TileIds(await client.GetPageAsync("/")));
        Assert.Empty(TileIds(await client.GetPageAsync("/?status=rejected")));

        Assert.Equal(HttpStatusCode.NoContent, (await client.SendWithTokenAsync(HttpMethod.Post, $"/api/trash/{approved.PublicId}/restore")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.BulkAsync("/api/trash/restore", [rejected])).StatusCode);

        Assert.Equal(ImageStatus.Approved, (await FindAsync(factory, approved.PublicId))!.Status);
        Assert.Equal(ImageStatus.Rejected, (await FindAsync(factory, rejected))!.Status);
        Assert.Equal([approved.PublicId], TileIds(await client.GetPageAsync("/")));
        Assert.Equal([rejected], TileIds(await client.GetPageAsync("/?status=rejected")));
        var download = await client.Http.GetAsync($"/images/{approved.PublicId}/download");
        Assert.Equal(HttpStatusCode.Redirect, download.StatusCode);
        var bytes = await TestImages.GetAsync(client.Http, download.Headers.Location!);
        Assert.Equal(TestImages.Jpeg, await bytes.Content.ReadAsByteArrayAsync());
        // Restoring what is not in the trash is a 404, and changes nothing.
        await ProblemAsync(await client.SendWithTokenAsync(HttpMethod.Post, $"/api/trash/{approved.PublicId}/restore"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Restore_RacingAPurge_ExactlyOneWins_AndTheQuotaMatchesWhatIsStored()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var images = new List<Image>();
        for (var i = 0; i < 4; i++) images.Add(await ImageSeeder.SeedStoredAsync(factory, client.Http, userId));
        Assert.Equal(HttpStatusCode.OK, (await client.TrashAsync(images.Select(i => i.PublicId))).StatusCode);
        // Past the retention by the database's record (the session must stay valid, so the clock stays).
        foreach (var image in images) await UpdateAsync(factory, image.PublicId, i => i.TrashedAt = i.TrashedAt!.Value.AddDays(-31));

        var token = await client.AntiforgeryTokenAsync();
        var purge = factory.Services.GetRequiredService<TrashPurger>().PurgeDueAsync(CancellationToken.None);
        var restores = images.Select(i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/trash/{i.PublicId}/restore");
            request.Headers.Add("RequestVerificationToken", token);
            return client.Http.SendAsync(request);
        }).ToList();
        var purged = await purge;
        var restored = (await Task.WhenAll(restores)).Count(r => r.StatusCode == HttpStatusCode.NoContent);

        Assert.Equal(4, purged + restored);
        var usage = await UsageAsync(factory, userId);
        Assert.Equal((restored, usage.RowCount, usage.RowBytes), (usage.Images, usage.RowCount, usage.Bytes));
        foreach (var image in images)
        {
            var row = await FindAsync(factory, image.PublicId);
            Assert.Equal(row is not null, await StoredAsync(factory, image.ObjectKey) is not null);
            if (row is not null) Assert.Equal(ImageStatus.Approved, row.Status);
        }
    }
}

public sealed class EmbeddedTrashPurgeTests(GalleryFactory factory) : TrashPurgeTests<GalleryFactory>(factory);

public sealed class S3TrashPurgeTests(S3GalleryFactory factory) : TrashPurgeTests<S3GalleryFactory>(factory);
