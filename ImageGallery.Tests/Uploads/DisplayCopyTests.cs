using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Uploads;
using static ImageGallery.Tests.Moderation.AdminForms;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Uploads;

// The display-size copy (README "How an upload flows"): declared at presign, uploaded with
// its own form to its staging key, promoted and verified at complete like the thumbnail,
// shown by the image page, counted in the quota and released once. The server never
// decodes, so a 640x480 JPEG declared as 4000x3000 stands in for a large photo, and the
// WebP fixture for the browser-made copy.
public abstract class DisplayCopyTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : GalleryFactory, new()
{
    private static readonly byte[] Original = TestImages.Jpeg;
    private static readonly byte[] Display = TestImages.Webp;
    private static readonly byte[] Thumb = TestImages.Webp;

    private static Dictionary<string, object?> LargeRequest(object? display, bool thumbnail = true)
    {
        var r = Request("big.jpg", "image/jpeg", Original.Length, thumbnail ? Thumbnail("image/webp", Thumb.Length) : null, 4000, 3000);
        r["display"] = display;
        return r;
    }

    private static object DisplayOf(string contentType = "image/webp", long? size = null, int width = 2048) =>
        new { contentType, size = size ?? Display.Length, width };

    private async Task<(GalleryClient Client, string UserId)> SignedUpAsync()
    {
        var client = await factory.CreateGalleryClient().SignUpAsync();
        return (client, await ImageSeeder.UserIdAsync(factory, client.Email!));
    }

    // Presign with a display copy, post all three forms, complete.
    private async Task<(PresignResponse Presign, Image Image)> CompletedAsync(GalleryClient client, byte[]? display = null,
        string displayType = "image/webp")
    {
        var presign = await client.PresignOkAsync(LargeRequest(DisplayOf()));
        await client.UploadOkAsync(presign.Upload, Original, "image/jpeg");
        await client.UploadOkAsync(presign.ThumbnailUpload!, Thumb, "image/webp");
        var posted = await client.UploadAsync(presign.DisplayUpload!, display ?? Display, displayType);
        if (display is null) Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.CompleteAsync(presign.Id)).StatusCode);
        return (presign, (await FindImageAsync(factory, presign.Id))!);
    }

    private async Task<byte[]> ServedAsync(GalleryClient client, string url)
    {
        var response = await TestImages.GetAsync(client.Http, new Uri(url, UriKind.RelativeOrAbsolute));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    [Fact]
    public async Task Presign_GivesADisplayForm_OnlyWhenOneIsDeclared_ForItsStagingKey()
    {
        var (client, userId) = await SignedUpAsync();
        using var _ = client;

        var without = await client.PresignOkAsync(LargeRequest(null));
        var with = await client.PresignOkAsync(LargeRequest(DisplayOf()));

        Assert.Null(without.DisplayUpload);
        Assert.NotNull(with.DisplayUpload);
        Assert.Equal(ObjectKeys.Staging(userId, with.Id, ObjectVariant.Display, "image/webp"), with.DisplayUpload!.Fields["key"]);
        var image = (await FindImageAsync(factory, with.Id))!;
        Assert.Equal(ObjectKeys.Permanent(userId, with.Id, ObjectVariant.Display, "image/webp"), image.DisplayKey);
        Assert.Equal((Display.Length, 2048), (image.DisplaySize, image.DisplayWidth));
        // Reserved at presign with the original and the thumbnail.
        Assert.Equal(2 * (Original.Length + Thumb.Length) + Display.Length, (await factory.UsageAsync(userId)).Counted.BytesUsed);
    }

    [Theory]
    [InlineData("image/png", 1000, 2048, 4000, "display.contentType")]
    [InlineData("image/webp", 0, 2048, 4000, "display.size")]
    [InlineData("image/webp", 4 * 1024 * 1024, 2048, 4000, "display.size")]
    [InlineData("image/webp", 1000, 3000, 4000, "display.width")]
    [InlineData("image/webp", 1000, 1000, 2000, "display")]
    public async Task Presign_Returns400_ForADisplayCopyThatCannotBe(string type, long size, int width, int originalWidth, string field)
    {
        var (client, userId) = await SignedUpAsync();
        using var _ = client;
        var request = LargeRequest(new { contentType = type, size, width });
        request["width"] = originalWidth;
        request["height"] = originalWidth * 3 / 4;

        var problem = await AssertProblemAsync(await client.PresignAsync(request), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var __), problem.ToString());
        Assert.Equal(new StorageProbe.Usage(0, 0), (await factory.UsageAsync(userId)).Counted);
    }

    [Fact]
    public async Task Complete_PromotesTheDisplayCopy_AndTheImagePageShowsIt_WithTheOriginalOneClickAway()
    {
        var (client, userId) = await SignedUpAsync();
        using var _ = client;
        var (presign, image) = await CompletedAsync(client);

        Assert.Equal(Display, await factory.BytesAsync(image.DisplayKey!));
        Assert.Empty(await factory.KeysAsync(ObjectKeys.StagingPrefix(userId)));
        var usage = await factory.UsageAsync(userId);
        Assert.Equal(usage.Recounted, usage.Counted);
        Assert.Equal(Original.Length + Thumb.Length + Display.Length, usage.Counted.BytesUsed);

        var page = await client.GetPageAsync($"/images/{presign.Id}");
        var img = page.QuerySelector("main img[data-fresh-url=view]")!;
        Assert.Equal(Display, await ServedAsync(client, img.GetAttribute("src")!));
        var srcset = img.GetAttribute("srcset")!.Split(", ").Select(c => c.Split(' ')).ToList();
        Assert.Equal(["400w", "2048w", "4000w"], srcset.Select(c => c[1]));
        Assert.Equal(Thumb, await ServedAsync(client, srcset[0][0]));
        Assert.Equal(Display, await ServedAsync(client, srcset[1][0]));
        Assert.Equal(Original, await ServedAsync(client, srcset[2][0]));
        Assert.False(string.IsNullOrEmpty(img.GetAttribute("sizes")));

        // "View original" and "Download" give the original.
        foreach (var link in new[] { "a.image-view-original", "a.image-download" })
        {
            var redirect = await client.Http.GetAsync(page.QuerySelector(link)!.GetAttribute("href"));
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            Assert.Equal(Original, await ServedAsync(client, redirect.Headers.Location!.OriginalString));
        }
    }

    [Theory]
    [InlineData("wrong magic number")]
    [InlineData("wrong type")]
    [InlineData("oversize")]
    [InlineData("never uploaded")]
    public async Task Complete_DropsADisplayCopyThatLies_KeepsTheImage_AndReleasesItsBytesOnce(string lie)
    {
        var (client, userId) = await SignedUpAsync();
        using var _ = client;
        var presign = await client.PresignOkAsync(LargeRequest(DisplayOf()));
        await client.UploadOkAsync(presign.Upload, Original, "image/jpeg");
        await client.UploadOkAsync(presign.ThumbnailUpload!, Thumb, "image/webp");
        var sent = lie switch
        {
            // Same size as declared, so the policy lets it through: only the magic number tells.
            "wrong magic number" => await client.UploadAsync(presign.DisplayUpload!, Original.Take(Display.Length).ToArray(), "image/webp"),
            "wrong type" => await TestImages.PostAsync(client.Http, new(presign.DisplayUpload!.Url, presign.DisplayUpload.Fields),
                Display, "image/jpeg", new Dictionary<string, string> { ["Content-Type"] = "image/jpeg" }),
            "oversize" => await client.UploadAsync(presign.DisplayUpload!, [.. Display, .. new byte[100]], "image/webp"),
            _ => null,
        };
        if (lie == "wrong magic number") Assert.Equal(HttpStatusCode.Created, sent!.StatusCode);
        else if (sent is not null) Assert.NotEqual(HttpStatusCode.Created, sent.StatusCode);

        var complete = await client.CompleteAsync(presign.Id);

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        var image = (await FindImageAsync(factory, presign.Id))!;
        Assert.Equal(ImageStatus.AwaitingReview, image.Status);
        Assert.Null(image.DisplayKey);
        Assert.Null(image.DisplaySize);
        Assert.Equal(new[] { image.ObjectKey, image.ThumbnailKey! }.Order(),
            (await factory.KeysAsync(ObjectKeys.PermanentPrefix(userId))).Order());
        var usage = await factory.UsageAsync(userId);
        Assert.Equal(usage.Recounted, usage.Counted);
        Assert.Equal(Original.Length + Thumb.Length, usage.Counted.BytesUsed);
        // The page falls back to the original; completing again releases nothing more.
        var page = await client.GetPageAsync($"/images/{presign.Id}");
        Assert.Equal(Original, await ServedAsync(client, page.QuerySelector("main img[data-fresh-url=view]")!.GetAttribute("src")!));
        Assert.Equal(HttpStatusCode.OK, (await client.CompleteAsync(presign.Id)).StatusCode);
        Assert.Equal(usage, await factory.UsageAsync(userId));
    }

    [Fact]
    public async Task ResentDisplayForm_AfterComplete_ChangesNothingServedOrCounted()
    {
        var (client, userId) = await SignedUpAsync();
        using var _ = client;
        var (presign, image) = await CompletedAsync(client);
        var before = await factory.UsageAsync(userId);

        var other = Display.ToArray();
        other[^10] ^= 0x5a;
        Assert.Equal(HttpStatusCode.Created, (await client.UploadAsync(presign.DisplayUpload!, other, "image/webp")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.CompleteAsync(presign.Id)).StatusCode);

        Assert.Equal(Display, await factory.BytesAsync(image.DisplayKey!));
        var page = await client.GetPageAsync($"/images/{presign.Id}");
        Assert.Equal(Display, await ServedAsync(client, page.QuerySelector("main img[data-fresh-url=view]")!.GetAttribute("src")!));
        Assert.Equal(before, await factory.UsageAsync(userId));
    }

    [Fact]
    public async Task DisplayBytes_AreReleasedExactlyOnce_ByTrashDelete_AdminDelete_AndTheSweeper()
    {
        var (client, userId) = await SignedUpAsync();
        using var _ = client;
        var (trashed, _) = await CompletedAsync(client);
        var (byAdmin, _) = await CompletedAsync(client);
        var abandoned = await client.PresignOkAsync(LargeRequest(DisplayOf()));
        await client.UploadOkAsync(abandoned.DisplayUpload!, Display, "image/webp");

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteImageAsync(trashed.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendWithTokenAsync(HttpMethod.Delete, $"/api/trash/{trashed.Id}")).StatusCode);
        // Twice: the second finds nothing and releases nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendWithTokenAsync(HttpMethod.Delete, $"/api/trash/{trashed.Id}")).StatusCode);
        using (var admin = await factory.AdminAsync())
        {
            var queue = await admin.GetPageAsync(QueueUrl(client.Email!));
            Assert.Equal(HttpStatusCode.Redirect, (await BulkAsync(admin, queue, "Delete", [byAdmin.Id])).StatusCode);
        }
        await factory.SweepAsync(TimeSpan.FromHours(2));

        Assert.Equal((new StorageProbe.Usage(0, 0), new StorageProbe.Usage(0, 0)), await factory.UsageAsync(userId));
        Assert.Empty(await factory.UserKeysAsync(userId));
    }

    [Fact]
    public async Task FreshUrls_AndTheAdminQueue_ShowTheDisplayCopy()
    {
        var (client, _) = await SignedUpAsync();
        using var __ = client;
        var (presign, _) = await CompletedAsync(client);

        var fresh = JsonDocument.Parse(await (await client.PostJsonAsync("/api/images/urls", new { ids = new[] { presign.Id } }))
            .Content.ReadAsStringAsync()).RootElement.GetProperty("images")[0];
        Assert.Equal(Display, await ServedAsync(client, fresh.GetProperty("view").GetString()!));
        Assert.Equal(3, fresh.GetProperty("viewSrcset").GetString()!.Split(", ").Length);

        using var admin = await factory.AdminAsync();
        var queue = await admin.GetPageAsync(QueueUrl(client.Email!));
        var row = queue.QuerySelector($"tr[data-image-id='{presign.Id}']")!;
        Assert.Equal(Display, await ServedAsync(admin, row.QuerySelector("img.queue-original")!.GetAttribute("src")!));
        // The original is still one click away.
        Assert.Equal(Original, await ServedAsync(admin, row.QuerySelector("img.queue-original")!.ParentElement!.GetAttribute("href")!));
    }

    [Fact]
    public async Task AnotherUsersIds_Are404_AndGetNoUrls()
    {
        var (owner, _) = await SignedUpAsync();
        using var _ = owner;
        var (other, otherId) = await SignedUpAsync();
        using var __ = other;
        var presign = await owner.PresignOkAsync(LargeRequest(DisplayOf()));
        await owner.UploadOkAsync(presign.Upload, Original, "image/jpeg");
        await owner.UploadOkAsync(presign.DisplayUpload!, Display, "image/webp");

        await AssertProblemAsync(await other.CompleteAsync(presign.Id), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await owner.CompleteAsync(presign.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/images/{presign.Id}/original")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/images/{presign.Id}")).StatusCode);
        var fresh = await (await other.PostJsonAsync("/api/images/urls", new { ids = new[] { presign.Id } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, fresh.GetProperty("images").GetArrayLength());
        Assert.Equal(new StorageProbe.Usage(0, 0), (await factory.UsageAsync(otherId)).Counted);
    }
}

public sealed class EmbeddedDisplayCopyTests(GalleryFactory factory) : DisplayCopyTests<GalleryFactory>(factory);

public sealed class S3DisplayCopyTests(S3GalleryFactory factory) : DisplayCopyTests<S3GalleryFactory>(factory);

public sealed class PostgresDisplayCopyTests(PostgresGalleryFactory factory) : DisplayCopyTests<PostgresGalleryFactory>(factory);
