using System.Net;
using System.Net.Http.Json;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Uploads;
using static ImageGallery.Tests.Moderation.AdminForms;
using static ImageGallery.Tests.Uploads.Multipart.MultipartApi;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Uploads.Multipart;

// A large file gets its display copy like a small one: a POST form beside the parts,
// promoted and verified at complete, counted; and where it has none, the admin queue shows
// a placeholder, never the large original inline.
public abstract class MultipartDisplayCopyTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : GalleryFactory
{
    [Fact]
    public async Task Multipart_WithADisplayCopy_PromotesIt_CountsIt_AndThePageAndQueueShowIt()
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync("large");
        var file = LargeJpeg();
        var display = TestImages.Webp;
        var request = Request("panorama.jpg", "image/jpeg", file.Length, null, 9000, 3000);
        request["display"] = new { contentType = "image/webp", size = display.Length, width = 2048 };

        var response = await client.StartAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Describe(response));
        var start = (await response.Content.ReadFromJsonAsync<MultipartStartResponse>(Json))!;
        Assert.StartsWith(ObjectKeys.StagingRoot, start.DisplayUpload!.Fields["key"]);
        await client.UploadOkAsync(start.DisplayUpload, display, "image/webp");
        await client.PutPartsOkAsync(start.Id, file, 1, 2, 3);
        Assert.Equal(HttpStatusCode.OK, (await client.CompleteMultipartAsync(start.Id)).StatusCode);

        var image = (await RecordAsync(factory, start.Id))!;
        Assert.Equal(display, await factory.BytesAsync(image.DisplayKey!));
        Assert.Null(await StoredAsync(factory, start.DisplayUpload.Fields["key"]));
        Assert.Equal((1, (long)file.Length + display.Length), await UsageAsync(factory, client.Email!));
        var page = await client.GetPageAsync($"/images/{start.Id}");
        Assert.Contains("/display.webp", page.QuerySelector("main img[data-fresh-url=view]")!.GetAttribute("src"));
        using var admin = await factory.AdminAsync();
        var row = (await admin.GetPageAsync(QueueUrl(client.Email!))).QuerySelector($"tr[data-image-id='{start.Id}']")!;
        Assert.Contains("/display.webp", row.QuerySelector("img.queue-original")!.GetAttribute("src"));
    }

    [Fact]
    public async Task Multipart_WithoutADisplayCopy_IsAPlaceholderInTheAdminQueue_LinkingToTheOriginal()
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync("large");
        var file = LargeJpeg();
        var start = await client.StartOkAsync();
        await client.PutPartsOkAsync(start.Id, file, 1, 2, 3);
        Assert.Equal(HttpStatusCode.OK, (await client.CompleteMultipartAsync(start.Id)).StatusCode);

        using var admin = await factory.AdminAsync();
        var row = (await admin.GetPageAsync(QueueUrl(client.Email!))).QuerySelector($"tr[data-image-id='{start.Id}']")!;
        Assert.Null(row.QuerySelector("img"));
        var link = row.QuerySelectorAll("a").Single(a => a.QuerySelector(".queue-placeholder") is not null
                                                         && a.TextContent.Contains("original"));
        Assert.Contains("/original.jpg", link.GetAttribute("href"));
    }
}

public sealed class EmbeddedMultipartDisplayCopyTests(MultipartFactory factory) : MultipartDisplayCopyTests<MultipartFactory>(factory);

public sealed class S3MultipartDisplayCopyTests(S3MultipartFactory factory) : MultipartDisplayCopyTests<S3MultipartFactory>(factory);
