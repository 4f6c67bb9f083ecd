using System.Net;
using ImageGallery.Tests.Infrastructure;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Security;

public sealed class EmbeddedPreModerationFactory : GalleryFactory
{
    public EmbeddedPreModerationFactory() => With("Gallery:Moderation", "Pre");
}

public sealed class S3PreModerationFactory : S3GalleryFactory
{
    public S3PreModerationFactory() => With("Gallery:Moderation", "Pre");
}

// "Only its owner (and the admins) can see it", and under pre-moderation not even the
// owner sees an original before review: no route signs a URL of it for the owner,
// whatever the upload sent. Admins still see it, which is how they review.
public abstract class PreModerationLeakTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : GalleryFactory, new()
{
    // The original's object, under either prefix, in any URL form (relative or absolute).
    private static string OriginalPath(Guid id) => $"/{id}/original.";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PreMode_NoRouteGivesTheOwnerAUrlOfAnOriginalAwaitingReview(bool withThumbnail)
    {
        using var owner = await factory.CreateGalleryClient().SignUpAsync();
        var presign = await owner.PresignOkAsync(Request("photo.jpg", "image/jpeg", TestImages.Jpeg.Length,
            withThumbnail ? Thumbnail("image/webp", TestImages.Webp.Length) : null));
        await owner.UploadOkAsync(presign.Upload, TestImages.Jpeg, "image/jpeg");
        if (withThumbnail) await owner.UploadOkAsync(presign.ThumbnailUpload!, TestImages.Webp, "image/webp");
        var id = presign.Id;

        var complete = await owner.CompleteAsync(id);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        var answer = await complete.Content.ReadAsStringAsync();
        Assert.DoesNotContain(OriginalPath(id), answer);
        Assert.Contains("AwaitingReview", answer);

        var gallery = await owner.GetPageAsync("/");
        var tile = gallery.QuerySelector($"li.tile[data-image-id='{id}']");
        Assert.NotNull(tile);
        Assert.DoesNotContain(OriginalPath(id), gallery.DocumentElement.OuterHtml);
        // A thumbnail the owner made may show; it is not the original.
        Assert.Equal(withThumbnail, tile.QuerySelector("img") is not null);

        var page = await owner.Http.GetAsync($"/images/{id}");
        Assert.DoesNotContain(OriginalPath(id), await page.Content.ReadAsStringAsync());

        var download = await owner.Http.GetAsync($"/images/{id}/download");
        Assert.NotEqual(HttpStatusCode.Redirect, download.StatusCode);
        Assert.DoesNotContain(OriginalPath(id), download.Headers.Location?.OriginalString ?? "");
        Assert.DoesNotContain(OriginalPath(id), await download.Content.ReadAsStringAsync());

        // The admin reviewing it does see the original, and it is the uploaded one.
        using var admin = await factory.AdminAsync();
        var review = await admin.GetPageAsync($"/Admin/Images/{id}");
        var src = review.QuerySelector("img.admin-original")?.GetAttribute("src");
        Assert.Contains(OriginalPath(id), src);
        var served = await TestImages.GetAsync(admin.Http, new Uri(src!, UriKind.RelativeOrAbsolute));
        Assert.Equal(TestImages.Jpeg, await served.Content.ReadAsByteArrayAsync());
    }
}

public sealed class EmbeddedPreModerationLeakTests(EmbeddedPreModerationFactory factory)
    : PreModerationLeakTests<EmbeddedPreModerationFactory>(factory);

public sealed class S3PreModerationLeakTests(S3PreModerationFactory factory)
    : PreModerationLeakTests<S3PreModerationFactory>(factory);
