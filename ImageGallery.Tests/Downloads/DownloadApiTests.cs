using System.Net;
using System.Text.Json;
using ImageGallery.Tests.Albums;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using static ImageGallery.Tests.Gallery.GalleryTestKit;
using static ImageGallery.Tests.Trash.TrashApi;

namespace ImageGallery.Tests.Downloads;

// The signed-URL lists the browser's ZIP is built from, on both storage backends.
public abstract class DownloadApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : GalleryFactory, new()
{
    [Fact]
    public async Task Downloads_ForOwnedIds_AndForAnAlbum_AreSignedUrlsOfTheOriginals_ThatStorageServes()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var a = await ImageSeeder.SeedStoredAsync(factory, client.Http, userId, fileName: "a.jpg");
        var b = await ImageSeeder.SeedStoredAsync(factory, client.Http, userId, fileName: "b.jpg");

        var response = await client.BulkAsync("/api/downloads", [a.PublicId, b.PublicId]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var files = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("files");
        Assert.Equal(["b.jpg", "a.jpg"], files.EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        foreach (var f in files.EnumerateArray())
        {
            Assert.Equal(TestImages.Jpeg.Length, f.GetProperty("size").GetInt64());
            var bytes = await TestImages.GetAsync(client.Http, new Uri(f.GetProperty("url").GetString()!, UriKind.RelativeOrAbsolute));
            Assert.Equal(TestImages.Jpeg, await bytes.Content.ReadAsByteArrayAsync());
        }

        var album = await client.CreateAlbumAsync("Both");
        await client.PostSelectionAsync("AddToAlbum", [a.PublicId, b.PublicId], ("target", album.ToString()));
        var list = await client.PostJsonAsync($"/api/downloads/albums/{album}", new { });
        var albumFiles = JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(2, albumFiles.GetProperty("files").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, albumFiles.GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task Downloads_RefuseForeignTrashedOrTooManyIds_AndForeignAlbums_WithoutAUrl()
    {
        var (owner, ownerId) = await PersonAsync(factory);
        using var _ = owner;
        var theirs = (await ImageSeeder.SeedRecordsAsync(factory, ownerId, 1))[0];
        var theirAlbum = await owner.CreateAlbumAsync("Theirs");
        var (client, userId) = await PersonAsync(factory);
        using var __ = client;
        var mine = await ImageSeeder.SeedRecordsAsync(factory, userId, 2);
        Assert.Equal(HttpStatusCode.OK, (await client.TrashAsync([mine[1]])).StatusCode);

        var problem = await ProblemAsync(await client.BulkAsync("/api/downloads", [mine[0], theirs, mine[1]]), HttpStatusCode.NotFound);
        Assert.Equal(new[] { theirs, mine[1] }.Order(), ProblemIds(problem).Order());
        Assert.False(problem.TryGetProperty("files", out var files));
        await ProblemAsync(await client.BulkAsync("/api/downloads", Enumerable.Range(0, 501).Select(_ => Guid.NewGuid())), HttpStatusCode.BadRequest);
        await ProblemAsync(await client.BulkAsync("/api/downloads", [mine[0]], withToken: false), HttpStatusCode.BadRequest);
        await ProblemAsync(await client.PostJsonAsync($"/api/downloads/albums/{theirAlbum}", new { }), HttpStatusCode.NotFound);
        Assert.Equal(ImageStatus.Approved, (await FindAsync(factory, theirs))!.Status);
    }
}

public sealed class EmbeddedDownloadApiTests(GalleryFactory factory) : DownloadApiTests<GalleryFactory>(factory);

public sealed class S3DownloadApiTests(S3GalleryFactory factory) : DownloadApiTests<S3GalleryFactory>(factory);
