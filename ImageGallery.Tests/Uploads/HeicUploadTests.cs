using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Uploads;

// HEIC/HEIF, the iPhone's default, accepted out of the box: checked by their ftyp brands
// at complete like every other type, kept as uploaded, downloaded as they were; and never
// put in an <img> by a page, since browsers other than Safari cannot show them.
public abstract class HeicUploadTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : GalleryFactory
{
    [Fact]
    public async Task Post_Complete_AcceptsARealHeic_ByDefault_AndDownloadGivesItsBytesAndName()
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync();

        var (presign, complete) = await client.UploadImageAsync(TestImages.Heic, "image/heic", "IMG_0001.HEIC");

        Assert.True(complete.StatusCode == HttpStatusCode.OK, await Describe(complete));
        var image = (await FindImageAsync(factory, presign.Id))!;
        Assert.Equal("image/heic", image.ContentType);
        Assert.EndsWith("/original.heic", image.ObjectKey);
        Assert.Equal(TestImages.Heic.Length, (await StoredAsync(factory, image.ObjectKey))!.Size);

        var redirect = await client.Http.GetAsync($"/images/{presign.Id}/download");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var file = await TestImages.GetAsync(client.Http, redirect.Headers.Location!);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("image/heic", file.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("IMG_0001.HEIC", file.Content.Headers.ContentDisposition.FileNameStar ?? file.Content.Headers.ContentDisposition.FileName?.Trim('"'));
        Assert.Equal(TestImages.Heic, await file.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("heic", "mif1heic", "image/heic")]   // what an iPhone writes
    [InlineData("heix", "mif1heix", "image/heic")]   // 10-bit
    [InlineData("mif1", "mif1heic", "image/heic")]   // generic major brand, HEVC among the compatible ones
    [InlineData("mif1", "mif1", "image/heif")]       // HEIF without naming the codec
    [InlineData("msf1", "msf1", "image/heif")]       // an image sequence
    public async Task Post_Complete_AcceptsHeicAndHeif_ByTheirFtypBrands(string major, string compatible, string contentType)
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync();

        var (_, complete) = await client.UploadImageAsync(Ftyp(major, compatible), contentType, "photo." + contentType[6..]);

        Assert.True(complete.StatusCode == HttpStatusCode.OK, await Describe(complete));
    }

    [Theory]
    [InlineData("isom", "isommp41", "image/heic")]   // an MP4 video called a photo
    [InlineData("qt  ", "qt  ", "image/heif")]       // a QuickTime movie
    [InlineData("mif1", "mif1avif", "image/heic")]   // an AVIF claiming to be HEIC
    public async Task Post_Complete_Returns422_ForAnFtypBoxWithoutItsBrand(string major, string compatible, string contentType)
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync();

        var (presign, complete) = await client.UploadImageAsync(Ftyp(major, compatible), contentType, "clip.heic");

        await AssertProblemAsync(complete, HttpStatusCode.UnprocessableEntity);
        Assert.NotEqual(ImageStatus.Approved, (await FindImageAsync(factory, presign.Id))?.Status);
    }

    [Fact]
    public async Task Post_Complete_Returns422_ForAJpegRenamedAsHeic()
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync();

        var (_, complete) = await client.UploadImageAsync(TestImages.Jpeg, "image/heic", "IMG_0002.HEIC");

        var problem = await AssertProblemAsync(complete, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("JPEG", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ImagePage_OfAHeic_ShowsItsThumbnail_NeverTheOriginal_AndStillDownloadsTheHeic()
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync();
        var thumbnail = TestImages.Jpeg;
        var presign = await client.PresignOkAsync(Request("IMG_0003.HEIC", "image/heic", TestImages.Heic.Length,
            Thumbnail("image/jpeg", thumbnail.Length)));
        await client.UploadOkAsync(presign.Upload, TestImages.Heic, "image/heic");
        await client.UploadOkAsync(presign.ThumbnailUpload!, thumbnail, "image/jpeg");
        var complete = await client.CompleteAsync(presign.Id);
        Assert.True(complete.StatusCode == HttpStatusCode.OK, await Describe(complete));

        var page = await client.GetPageAsync($"/images/{presign.Id}");

        var src = page.QuerySelector(".image-original img")!.GetAttribute("src")!;
        Assert.Contains("/thumb.jpg", src);
        Assert.DoesNotContain(page.QuerySelectorAll("img, link[rel=preload]"),
            e => (e.GetAttribute("src") ?? e.GetAttribute("href") ?? "").Contains(".heic"));
        Assert.Equal($"/images/{presign.Id}/download", page.QuerySelector("a.image-download")!.GetAttribute("href"));
        Assert.Contains("preview", page.QuerySelector(".image-preview-note")!.TextContent);
        var shown = await TestImages.GetAsync(client.Http, new Uri(src, UriKind.RelativeOrAbsolute));
        Assert.Equal(thumbnail, await shown.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AHeicWithoutThumbnail_ShowsAPlaceholder_InTheGalleryAndOnItsPage_NeverTheOriginal()
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync();
        var (presign, complete) = await client.UploadImageAsync(TestImages.Heic, "image/heic", "IMG_0004.HEIC");
        Assert.True(complete.StatusCode == HttpStatusCode.OK, await Describe(complete));

        var gallery = await client.GetPageAsync("/");
        var page = await client.GetPageAsync($"/images/{presign.Id}");

        Assert.NotNull(gallery.QuerySelector($"[data-image-id='{presign.Id}']"));
        foreach (var doc in new[] { gallery, page })
            Assert.DoesNotContain(doc.QuerySelectorAll("img"), e => (e.GetAttribute("src") ?? "").Contains(".heic"));
        Assert.Null(page.QuerySelector(".image-original img"));
        Assert.Contains("HEIC", page.QuerySelector(".image-unavailable")!.TextContent);
        Assert.NotNull(page.QuerySelector("a.image-download"));
    }

    // Streaming compilation (heif-worker.js's path) needs exactly this type, at the URL the
    // uploader names (the fingerprinted one) as at the plain one.
    [Fact]
    public async Task Get_LibheifWasm_IsServedAsApplicationWasm()
    {
        using var client = factory.CreateClient();
        var fingerprinted = factory.Services.GetRequiredService<StaticAssetUrls>()["lib/libheif-js/libheif-wasm/libheif.wasm"];
        Assert.Matches(@"^/lib/libheif-js/libheif-wasm/libheif\.[a-z0-9]+\.wasm$", fingerprinted);

        foreach (var url in new[] { "/lib/libheif-js/libheif-wasm/libheif.wasm", fingerprinted })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/wasm", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(0x6D736100u, BitConverter.ToUInt32((await response.Content.ReadAsByteArrayAsync())[..4]));   // "\0asm"
        }
    }

    // [size]["ftyp"][major][minor version][compatible...] and enough bytes after it to pass for a file.
    private static byte[] Ftyp(string major, string compatible)
    {
        var body = System.Text.Encoding.ASCII.GetBytes("ftyp" + major + "\0\0\0\0" + compatible);
        return [.. new byte[] { 0, 0, 0, (byte)(body.Length + 4) }, .. body, .. new byte[4000]];
    }
}

public sealed class EmbeddedHeicUploadTests(GalleryFactory factory) : HeicUploadTests<GalleryFactory>(factory);

public sealed class S3HeicUploadTests(S3GalleryFactory factory) : HeicUploadTests<S3GalleryFactory>(factory);
