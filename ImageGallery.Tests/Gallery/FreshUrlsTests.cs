using System.Net;
using System.Net.Http.Json;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using static ImageGallery.Tests.Gallery.GalleryTestKit;

namespace ImageGallery.Tests.Gallery;

// POST /api/images/urls: fresh signed URLs for images already on a page (fresh-urls.js).
// Each backend runs the same tests (subclasses below).
public abstract class FreshUrlsTests(GalleryFactory factory)
{
    private const string Api = "/api/images/urls";

    [Fact]
    public async Task Post_Urls_GivesTheOwnerTheUrlsThePagesShow_AndTheyLoad()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var image = await ImageSeeder.SeedStoredAsync(factory, client.Http, userId);

        var urls = Assert.Single(await FreshAsync(client, [image.PublicId]));

        Assert.Equal(image.PublicId, urls.Id);
        Assert.Equal(ImgSrc(await client.GetPageAsync("/"), image.PublicId), urls.Thumbnail!.ToString());
        var page = await client.GetPageAsync($"/images/{image.PublicId}");
        Assert.Equal(page.QuerySelector(".image-original img")!.GetAttribute("src"), urls.View!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await TestImages.GetAsync(client.Http, urls.Thumbnail)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TestImages.GetAsync(client.Http, urls.View)).StatusCode);
    }

    [Fact]
    public async Task Post_Urls_LeavesOutSomeoneElsesIds_UnknownIds_AndPendingUploads()
    {
        var (owner, ownerId) = await PersonAsync(factory);
        var (other, _) = await PersonAsync(factory);
        using var _1 = owner;
        using var _2 = other;
        var mine = await ImageSeeder.SeedRecordsAsync(factory, ownerId, 2);
        var pending = await ImageSeeder.SeedRecordsAsync(factory, ownerId, 1, ImageStatus.Pending);

        Assert.Empty(await FreshAsync(other, [.. mine, .. pending, Guid.NewGuid()]));
        var answered = await FreshAsync(owner, [.. mine, .. pending, Guid.NewGuid()]);
        Assert.Equal(mine.Order(), answered.Select(u => u.Id).Order());
    }

    [Fact]
    public async Task Post_Urls_GivesNoUrlForARejectedImage()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var rejected = await ImageSeeder.SeedRecordsAsync(factory, userId, 1, ImageStatus.Rejected);

        var urls = Assert.Single(await FreshAsync(client, [.. rejected]));
        Assert.Null(urls.Thumbnail);
        Assert.Null(urls.View);
    }

    [Fact]
    public async Task Post_Urls_Returns400ProblemDetails_ForNoIdsOrTooMany_AndWithoutAntiforgeryToken()
    {
        var (client, _) = await PersonAsync(factory);
        using var _1 = client;

        var empty = await client.PostJsonAsync(Api, new { ids = Array.Empty<Guid>() });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("application/problem+json", empty.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\"ids\"", await empty.Content.ReadAsStringAsync());

        var many = Enumerable.Range(0, GalleryEndpoints.MaxIds + 1).Select(_ => Guid.NewGuid()).ToArray();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostJsonAsync(Api, new { ids = many })).StatusCode);

        var noToken = await client.PostJsonAsync(Api, new { ids = new[] { Guid.NewGuid() } }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Contains("antiforgery", await noToken.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_Urls_Returns401_WhenSignedOut()
    {
        using var client = factory.CreateGalleryClient();
        var response = await client.Http.PostAsJsonAsync(Api, new { ids = new[] { Guid.NewGuid() } });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<List<FreshImageUrls>> FreshAsync(GalleryClient client, Guid[] ids)
    {
        var response = await client.PostJsonAsync(Api, new { ids });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<FreshUrlsResponse>(Uploads.UploadApi.Json))!.Images.ToList();
    }
}

public sealed class EmbeddedFreshUrlsTests(GalleryFactory factory) : FreshUrlsTests(factory), IClassFixture<GalleryFactory>;

public sealed class S3FreshUrlsTests(S3GalleryFactory factory) : FreshUrlsTests(factory), IClassFixture<S3GalleryFactory>;
