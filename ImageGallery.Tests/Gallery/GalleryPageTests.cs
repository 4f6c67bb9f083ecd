using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using static ImageGallery.Tests.Gallery.GalleryTestKit;

namespace ImageGallery.Tests.Gallery;

public abstract class GalleryPageTests(GalleryFactory factory)
{
    private const int PageSize = 60;

    [Fact]
    public async Task Get_Index_Anonymous_ShowsLanding_WithoutGrid()
    {
        using var client = factory.CreateGalleryClient();
        var doc = await client.GetPageAsync("/");
        Assert.Null(doc.QuerySelector("#gallery-grid"));
        Assert.NotNull(doc.QuerySelector("a[href*='/Identity/Account/Login']"));
        Assert.NotNull(doc.QuerySelector("a[href*='/Identity/Account/Register']"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(60)]
    [InlineData(61)]
    public async Task Get_Index_PagesNewestFirst_AtTheBoundaries(int count)
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var ids = await ImageSeeder.SeedRecordsAsync(factory, userId, count);
        var newestFirst = Enumerable.Reverse(ids).ToList();

        var first = await client.GetPageAsync("/");
        Assert.NotNull(first.QuerySelector("ul#gallery-grid.gallery-grid"));
        Assert.NotNull(first.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Equal(newestFirst.Take(PageSize), TileIds(first));
        Assert.Equal(count == 0, first.QuerySelector("p.gallery-empty") is not null);
        Assert.Null(PagerLink(first, "prev"));

        var older = PagerLink(first, "next");
        if (count <= PageSize)
        {
            Assert.Null(older);
            return;
        }
        Assert.Equal($"/?before={newestFirst[PageSize - 1]}", older);
        var second = await client.GetPageAsync(older!);
        Assert.Equal(newestFirst.Skip(PageSize), TileIds(second));
        Assert.Null(PagerLink(second, "next"));
        Assert.Equal($"/?after={newestFirst[PageSize]}", PagerLink(second, "prev"));
        Assert.Null(second.QuerySelector("p.gallery-empty"));
    }

    [Fact]
    public async Task Get_Index_OlderThenNewer_RoundTripsToTheSamePages()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        await ImageSeeder.SeedRecordsAsync(factory, userId, 2 * PageSize + 5);

        var page1 = await client.GetPageAsync("/");
        var page2 = await client.GetPageAsync(PagerLink(page1, "next")!);
        var page3 = await client.GetPageAsync(PagerLink(page2, "next")!);
        Assert.Equal(5, TileIds(page3).Count);
        Assert.Null(PagerLink(page3, "next"));

        var back2 = await client.GetPageAsync(PagerLink(page3, "prev")!);
        Assert.Equal(TileIds(page2), TileIds(back2));
        Assert.Equal(PagerLink(page2, "next"), PagerLink(back2, "next"));
        var back1 = await client.GetPageAsync(PagerLink(back2, "prev")!);
        Assert.Equal(TileIds(page1), TileIds(back1));
        Assert.Null(PagerLink(back1, "prev"));
        Assert.Equal(PagerLink(page1, "next"), PagerLink(back1, "next"));

        var all = TileIds(page1).Concat(TileIds(page2)).Concat(TileIds(page3)).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public async Task Get_Index_NewImageBetweenPageLoads_NeitherDuplicatesNorSkipsTiles()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var ids = await ImageSeeder.SeedRecordsAsync(factory, userId, PageSize + 1);

        var page1 = await client.GetPageAsync("/");
        var added = (await ImageSeeder.SeedRecordsAsync(factory, userId, 1))[0];

        var page2 = await client.GetPageAsync(PagerLink(page1, "next")!);
        Assert.Equal([ids[0]], TileIds(page2));

        // Going back up, the page above is the same 60; the new image waits one page further up.
        var back1 = await client.GetPageAsync(PagerLink(page2, "prev")!);
        Assert.Equal(TileIds(page1), TileIds(back1));
        var top = await client.GetPageAsync(PagerLink(back1, "prev")!);
        Assert.Equal([added], TileIds(top));
        Assert.Null(PagerLink(top, "prev"));

        Assert.Equal(added, TileIds(await client.GetPageAsync("/"))[0]);
    }

    [Fact]
    public async Task Get_Index_WithACursorThatNoLongerExists_RedirectsToTheFirstPage()
    {
        var (client, _) = await PersonAsync(factory);
        using var __ = client;
        var response = await client.Http.GetAsync($"/?before={Guid.NewGuid()}&status=rejected");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/?status=rejected", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Get_Index_Tile_FollowsTheContract_AndFallsBackToTheOriginal_WithoutThumbnail()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var withThumb = (await ImageSeeder.SeedRecordsAsync(factory, userId, 1))[0];
        var withoutThumb = (await ImageSeeder.SeedRecordsAsync(factory, userId, 1, withThumbnail: false))[0];

        var doc = await client.GetPageAsync("/");
        var tile = Tile(doc, withThumb);
        Assert.Equal("Approved", tile.GetAttribute("data-status"));
        Assert.Equal($"/images/{withThumb}", tile.QuerySelector("a.tile-link")!.GetAttribute("href"));
        var img = tile.QuerySelector("a.tile-link > img")!;
        Assert.Equal("lazy", img.GetAttribute("loading"));
        Assert.Equal("photo.jpg", img.GetAttribute("alt"));
        // 640x480 reported by the browser, drawn at most 400 px on the long side.
        Assert.Equal(("400", "300"), (img.GetAttribute("width"), img.GetAttribute("height")));
        Assert.Null(tile.QuerySelector(".tile-badge"));

        Assert.Contains($"users/{userId}/{withThumb}/thumb.jpg?", ImgSrc(doc, withThumb));
        Assert.Contains($"users/{userId}/{withoutThumb}/original.jpg?", ImgSrc(doc, withoutThumb));
    }

    [Fact]
    public async Task Get_Index_TileImages_LoadFromStorage()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var thumbed = await ImageSeeder.SeedStoredAsync(factory, client.Http, userId);
        var plain = await ImageSeeder.SeedStoredAsync(factory, client.Http, userId, withThumbnail: false);

        var doc = await client.GetPageAsync("/");
        foreach (var id in new[] { thumbed.PublicId, plain.PublicId })
        {
            var response = await TestImages.GetAsync(client.Http, new Uri(ImgSrc(doc, id), UriKind.RelativeOrAbsolute));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(TestImages.Jpeg, await response.Content.ReadAsByteArrayAsync());
            var cache = response.Headers.CacheControl!;
            Assert.True(cache.Private && cache.MaxAge > TimeSpan.FromMinutes(4), cache.ToString());
            Assert.Equal("inline", response.Content.Headers.ContentDisposition!.DispositionType);
        }
    }

    [Fact]
    public async Task Get_Index_HidesPendingAndRejected_AndShowsAwaitingReviewAsANormalTile_UnderPostModeration()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var pending = (await ImageSeeder.SeedRecordsAsync(factory, userId, 1, ImageStatus.Pending))[0];
        var rejected = (await ImageSeeder.SeedRecordsAsync(factory, userId, 1, ImageStatus.Rejected))[0];
        var awaiting = (await ImageSeeder.SeedRecordsAsync(factory, userId, 1, ImageStatus.AwaitingReview))[0];

        var doc = await client.GetPageAsync("/");
        Assert.Equal([awaiting], TileIds(doc));
        var tile = Tile(doc, awaiting);
        Assert.Equal("AwaitingReview", tile.GetAttribute("data-status"));
        Assert.NotNull(tile.QuerySelector("a.tile-link > img"));
        Assert.Null(tile.QuerySelector(".tile-badge"));
        Assert.DoesNotContain(pending, TileIds(await client.GetPageAsync("/?status=rejected")));
        Assert.Contains(rejected, TileIds(await client.GetPageAsync("/?status=rejected")));
    }

    [Fact]
    public async Task Get_Index_RejectedFilter_ShowsReason_AndDeletesFromThere()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var image = await ImageSeeder.SeedStoredAsync(factory, client.Http, userId, ImageStatus.Rejected);
        await UpdateAsync(factory, image.PublicId, i => i.RejectionReason = "Not a <photo> & \"off-topic\"");

        var doc = await client.GetPageAsync("/?status=rejected");
        var tile = Tile(doc, image.PublicId);
        Assert.Equal("Rejected", tile.GetAttribute("data-status"));
        Assert.Equal("Not a <photo> & \"off-topic\"", tile.QuerySelector(".tile-reason")!.TextContent.Trim());
        Assert.Null(tile.QuerySelector("img"));

        var response = await client.SubmitFormAsync(doc, new Dictionary<string, string>(),
            $"li[data-image-id='{image.PublicId}'] form.tile-delete", "/?status=rejected");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/?status=rejected", response.Headers.Location!.OriginalString);
        Assert.Null(await FindAsync(factory, image.PublicId));
        var after = await client.GetPageAsync("/?status=rejected");
        Assert.Empty(TileIds(after));
        Assert.Contains("deleted", after.QuerySelector("[role=status]")!.TextContent);
    }

    [Fact]
    public async Task Get_Index_RendersCaptionsAndFileNames_Escaped()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        const string caption = "<script>alert('x')</script> \"quoted\" & more";
        const string fileName = "a\"b' onerror=alert(1) <script>.jpg";
        var captioned = (await ImageSeeder.SeedRecordsAsync(factory, userId, 1))[0];
        await UpdateAsync(factory, captioned, i => i.Caption = caption);
        var named = (await ImageSeeder.SeedRecordsAsync(factory, userId, 1, fileName: fileName))[0];

        var response = await client.Http.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("onerror=alert(1) <", html);
        var doc = await Html.ParseAsync(response);
        Assert.Equal(caption, Tile(doc, captioned).QuerySelector("img")!.GetAttribute("alt"));
        Assert.Equal(fileName, Tile(doc, named).QuerySelector("img")!.GetAttribute("alt"));
        // The uploader's module (<script type="module" src>) belongs in main; nothing inline does.
        Assert.Empty(doc.QuerySelectorAll("main script:not([src])"));
    }

    [Fact]
    public async Task Get_Index_UnderPreModeration_ShowsAwaitingReviewWithABadge_NotAsANormalTile()
    {
        using var pre = new GalleryFactory(new Dictionary<string, string?> { ["Gallery:Moderation"] = "Pre" },
            database: factory.Database);
        var (client, userId) = await PersonAsync(pre);
        using var _ = client;
        var approved = (await ImageSeeder.SeedRecordsAsync(pre, userId, 1))[0];
        var awaiting = (await ImageSeeder.SeedRecordsAsync(pre, userId, 1, ImageStatus.AwaitingReview))[0];
        var awaitingNoThumb = (await ImageSeeder.SeedRecordsAsync(pre, userId, 1, ImageStatus.AwaitingReview, withThumbnail: false))[0];

        var doc = await client.GetPageAsync("/");
        Assert.Equal([awaitingNoThumb, awaiting, approved], TileIds(doc));

        var normal = Tile(doc, approved);
        Assert.NotNull(normal.QuerySelector("a.tile-link > img"));
        Assert.Null(normal.QuerySelector(".tile-badge"));

        var waiting = Tile(doc, awaiting);
        Assert.Equal("AwaitingReview", waiting.GetAttribute("data-status"));
        Assert.Null(waiting.QuerySelector("a"));
        Assert.Equal("Awaiting review", waiting.QuerySelector(".tile-badge")!.TextContent.Trim());
        Assert.Contains("/thumb.jpg?", waiting.QuerySelector("img")!.GetAttribute("src"));
        // Before approval the original is never handed out, not even as a fallback.
        Assert.Null(Tile(doc, awaitingNoThumb).QuerySelector("img"));

        var page = await client.GetPageAsync($"/images/{awaiting}");
        Assert.Null(page.QuerySelector(".image-original img"));
        Assert.Null(page.QuerySelector("a.image-download"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync($"/images/{awaiting}/download")).StatusCode);
    }
}

public sealed class SqliteGalleryPageTests(GalleryFactory factory) : GalleryPageTests(factory), IClassFixture<GalleryFactory>;

public sealed class PostgresGalleryPageTests(PostgresGalleryFactory factory) : GalleryPageTests(factory), IClassFixture<PostgresGalleryFactory>;
