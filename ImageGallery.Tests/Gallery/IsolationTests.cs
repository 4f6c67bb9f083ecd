using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Storage;
using Microsoft.Extensions.DependencyInjection;
using static ImageGallery.Tests.Gallery.GalleryTestKit;

namespace ImageGallery.Tests.Gallery;

// A second person, signed in with valid tokens of their own, reaches nothing of the
// first person's: every route answers the same 404 as for an id that never existed.
public abstract class IsolationTests(GalleryFactory factory)
{
    [Fact]
    public async Task EveryImageRoute_ForSomeoneElsesImage_Returns404_AndChangesNothing()
    {
        var (owner, ownerId) = await PersonAsync(factory);
        using var _ = owner;
        var image = await ImageSeeder.SeedStoredAsync(factory, owner.Http, ownerId);
        await UpdateAsync(factory, image.PublicId, i => i.Caption = "mine");
        var (other, _) = await PersonAsync(factory);
        using var __ = other;
        var token = await other.AntiforgeryTokenAsync();
        var id = image.PublicId;

        foreach (var url in new[] { $"/images/{id}", $"/images/{id}/delete", $"/images/{id}/download" })
        {
            var doc = await other.GetPageAsync(url, HttpStatusCode.NotFound);
            Assert.Equal("Not found", doc.QuerySelector("h1")!.TextContent.Trim());
            Assert.DoesNotContain("photo.jpg", doc.Body!.TextContent);
        }

        var caption = await other.Http.PostAsync($"/images/{id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Input.Caption"] = "yours now",
        }));
        Assert.Equal(HttpStatusCode.NotFound, caption.StatusCode);

        var delete = await other.Http.PostAsync($"/images/{id}/delete", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);

        Assert.Equal("mine", (await FindAsync(factory, id))!.Caption);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IObjectStore>();
            Assert.NotNull(await store.GetInfoAsync(image.ObjectKey, CancellationToken.None));
            Assert.NotNull(await store.GetInfoAsync(image.ThumbnailKey!, CancellationToken.None));
        }

        // The owner still has it all, and the control proves the routes work.
        var page = await owner.GetPageAsync($"/images/{id}");
        Assert.Equal("mine", page.QuerySelector("figcaption")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Redirect, (await owner.Http.GetAsync($"/images/{id}/download")).StatusCode);
    }

    [Fact]
    public async Task Gallery_NeverListsSomeoneElsesImages_NorPagesFromTheirCursor()
    {
        var (owner, ownerId) = await PersonAsync(factory);
        using var _ = owner;
        var theirs = await ImageSeeder.SeedRecordsAsync(factory, ownerId, 3);
        var rejected = await ImageSeeder.SeedRecordsAsync(factory, ownerId, 1, Web.Data.ImageStatus.Rejected);
        var (other, otherId) = await PersonAsync(factory);
        using var __ = other;
        var mine = await ImageSeeder.SeedRecordsAsync(factory, otherId, 2);

        Assert.Equal(Enumerable.Reverse(mine), TileIds(await other.GetPageAsync("/")));
        Assert.Empty(TileIds(await other.GetPageAsync("/?status=rejected")));
        Assert.Equal(rejected, TileIds(await owner.GetPageAsync("/?status=rejected")));

        // Someone else's id as a cursor is treated like a deleted one: back to the first page.
        foreach (var query in new[] { $"before={theirs[2]}", $"after={theirs[0]}" })
        {
            var response = await other.Http.GetAsync($"/?{query}");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/", response.Headers.Location!.OriginalString);
        }
    }
}

public sealed class SqliteIsolationTests(GalleryFactory factory) : IsolationTests(factory), IClassFixture<GalleryFactory>;

public sealed class PostgresIsolationTests(PostgresGalleryFactory factory) : IsolationTests(factory), IClassFixture<PostgresGalleryFactory>;
