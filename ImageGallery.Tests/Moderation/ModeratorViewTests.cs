using System.Net;
using ImageGallery.Tests.Infrastructure;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Moderation;

// The thumbnail is made by the uploader's browser: an innocent one must not hide the
// original, which is what the gallery serves. Moderators see both, on both backends.
public abstract class ModeratorViewTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : GalleryFactory
{
    [Fact]
    public async Task QueueAndAdminImagePage_ShowTheOriginalNextToTheThumbnail_LazyAndScaledByCss()
    {
        using var owner = await factory.CreateGalleryClient().SignUpAsync("owner");
        var presign = await owner.PresignOkAsync(Request(size: TestImages.Jpeg.Length,
            thumbnail: Thumbnail("image/webp", TestImages.Webp.Length)));
        await owner.UploadOkAsync(presign.Upload, TestImages.Jpeg, "image/jpeg");
        await owner.UploadOkAsync(presign.ThumbnailUpload!, TestImages.Webp, "image/webp");
        Assert.Equal(HttpStatusCode.OK, (await owner.CompleteAsync(presign.Id)).StatusCode);

        using var admin = await factory.CreateGalleryClient().SignUpAsync("admin");
        await factory.GrantAdminAsync(admin.Email!);
        await admin.LoginAsync(admin.Email!);

        var queue = await admin.GetPageAsync($"/Admin?user={Uri.EscapeDataString(owner.Email!)}");
        var row = queue.QuerySelector($"tr.queue-item[data-image-id='{presign.Id}']")!;
        await AssertServedAsync(admin, row.QuerySelector("img.queue-thumb")!, TestImages.Webp);
        await AssertServedAsync(admin, row.QuerySelector("img.queue-original")!, TestImages.Jpeg);
        Assert.Empty(queue.QuerySelectorAll("[style]"));

        var page = await admin.GetPageAsync($"/Admin/Images/{presign.Id}");
        await AssertServedAsync(admin, page.QuerySelector("img.admin-original")!, TestImages.Jpeg);
        await AssertServedAsync(admin, page.QuerySelector("img.admin-thumb")!, TestImages.Webp);
        Assert.Empty(page.QuerySelectorAll("[style]"));
    }

    // Browsers cannot show a HEIC: the moderator gets a link that serves the original, not a
    // broken <img>; and a HEIC without a thumbnail shows words, not an image without a source.
    [Fact]
    public async Task QueueAndAdminImagePage_LinkAHeicOriginal_InsteadOfShowingIt()
    {
        using var owner = await factory.CreateGalleryClient().SignUpAsync("owner");
        var (presign, complete) = await owner.UploadImageAsync(TestImages.Heic, "image/heic", "IMG_0001.HEIC");
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);

        using var admin = await factory.CreateGalleryClient().SignUpAsync("admin");
        await factory.GrantAdminAsync(admin.Email!);
        await admin.LoginAsync(admin.Email!);

        var queue = await admin.GetPageAsync($"/Admin?user={Uri.EscapeDataString(owner.Email!)}");
        var row = queue.QuerySelector($"tr.queue-item[data-image-id='{presign.Id}']")!;
        Assert.Empty(row.QuerySelectorAll("img"));
        Assert.NotNull(row.QuerySelector(".queue-no-thumb"));
        var link = row.QuerySelector("a.queue-original-link")!.GetAttribute("href")!;
        var original = await TestImages.GetAsync(admin.Http, new Uri(link, UriKind.RelativeOrAbsolute));
        Assert.Equal(TestImages.Heic, await original.Content.ReadAsByteArrayAsync());

        var page = await admin.GetPageAsync($"/Admin/Images/{presign.Id}");
        Assert.Empty(page.QuerySelectorAll("main img"));
        var pageLink = page.QuerySelector("a.admin-original-link")!.GetAttribute("href")!;
        var fromPage = await TestImages.GetAsync(admin.Http, new Uri(pageLink, UriKind.RelativeOrAbsolute));
        Assert.Equal(TestImages.Heic, await fromPage.Content.ReadAsByteArrayAsync());
    }

    // Lazy, and the URL serves exactly these bytes.
    private static async Task AssertServedAsync(GalleryClient admin, AngleSharp.Dom.IElement img, byte[] bytes)
    {
        Assert.Equal("lazy", img.GetAttribute("loading"));
        var response = await TestImages.GetAsync(admin.Http, new Uri(img.GetAttribute("src")!, UriKind.RelativeOrAbsolute));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
    }
}

public sealed class EmbeddedModeratorViewTests(GalleryFactory f) : ModeratorViewTests<GalleryFactory>(f);

public sealed class S3ModeratorViewTests(S3GalleryFactory f) : ModeratorViewTests<S3GalleryFactory>(f);
