using System.Net;
using System.Net.Http.Json;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Uploads;
using static ImageGallery.Tests.Moderation.AdminForms;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Security;

// "What the gallery serves is what the app verified, and every stored byte is counted":
// a form stays valid until it expires, so it is sent again after complete, approval
// and delete, and raced against complete. Storage is read directly afterwards.
public abstract class VerifiedObjectTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : GalleryFactory, new()
{
    private static readonly TimeSpan PastEveryForm = TimeSpan.FromHours(2);

    // Same size and type as the original, so the form's policy accepts it: a swap of
    // bytes nobody verified.
    private static byte[] Tampered(byte[] bytes, bool keepMagic = true)
    {
        var copy = bytes.ToArray();
        for (var i = copy.Length / 2; i < copy.Length / 2 + 64; i++) copy[i] ^= 0x5a;
        if (!keepMagic) copy[0] = copy[1] = copy[2] = 0;
        return copy;
    }

    private async Task<(GalleryClient Client, string UserId, PresignResponse Presign, Image Image)> CompletedAsync()
    {
        var client = await factory.CreateGalleryClient().SignUpAsync();
        var userId = await ImageSeeder.UserIdAsync(factory, client.Email!);
        var presign = await client.PresignOkAsync(Request("photo.jpg", "image/jpeg", TestImages.Jpeg.Length,
            Thumbnail("image/webp", TestImages.Webp.Length)));
        await client.UploadOkAsync(presign.Upload, TestImages.Jpeg, "image/jpeg");
        await client.UploadOkAsync(presign.ThumbnailUpload!, TestImages.Webp, "image/webp");
        Assert.Equal(HttpStatusCode.OK, (await client.CompleteAsync(presign.Id)).StatusCode);
        return (client, userId, presign, (await FindImageAsync(factory, presign.Id))!);
    }

    private async Task ResendBothFormsAsync(GalleryClient client, PresignResponse presign)
    {
        // Storage accepts the form again (it is still valid); what matters is where it lands.
        Assert.Equal(HttpStatusCode.Created, (await client.UploadAsync(presign.Upload, Tampered(TestImages.Jpeg), "image/jpeg")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.UploadAsync(presign.ThumbnailUpload!, Tampered(TestImages.Webp), "image/webp")).StatusCode);
    }

    private async Task AssertServesTheVerifiedBytesAsync(GalleryClient client, Image image)
    {
        Assert.Equal(TestImages.Jpeg, await factory.BytesAsync(image.ObjectKey));
        Assert.Equal(TestImages.Webp, await factory.BytesAsync(image.ThumbnailKey!));
        var page = await client.GetPageAsync($"/images/{image.PublicId}");
        var src = page.QuerySelector("main img")!.GetAttribute("src")!;
        var served = await TestImages.GetAsync(client.Http, new Uri(src, UriKind.RelativeOrAbsolute));
        Assert.Equal(TestImages.Jpeg, await served.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ResentForm_AfterComplete_ChangesNothingServedOrCounted()
    {
        var (client, userId, presign, image) = await CompletedAsync();
        using var _ = client;
        var before = await factory.UsageAsync(userId);

        await ResendBothFormsAsync(client, presign);

        await AssertServesTheVerifiedBytesAsync(client, image);
        Assert.Equal(before, await factory.UsageAsync(userId));
        // Completing again answers as before and does not pick the new bytes up.
        Assert.Equal(HttpStatusCode.OK, (await client.CompleteAsync(presign.Id)).StatusCode);
        await AssertServesTheVerifiedBytesAsync(client, image);
    }

    [Fact]
    public async Task ResentForm_AfterApproval_ChangesNothingServedOrCounted()
    {
        var (client, userId, presign, image) = await CompletedAsync();
        using var _ = client;
        using var admin = await factory.AdminAsync();
        var queue = QueueUrl(client.Email!);
        await FollowAsync(admin, await RowAsync(admin, await admin.GetPageAsync(queue), image.PublicId, "approve-form", pageUrl: queue));
        Assert.Equal(ImageStatus.Approved, (await FindImageAsync(factory, presign.Id))!.Status);
        var before = await factory.UsageAsync(userId);

        await ResendBothFormsAsync(client, presign);

        await AssertServesTheVerifiedBytesAsync(client, image);
        Assert.Equal(before, await factory.UsageAsync(userId));
    }

    [Fact]
    public async Task ResentForm_AfterDelete_StoresNothingServedOrCounted_AndTheSweeperRemovesIt()
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync();
        var userId = await ImageSeeder.UserIdAsync(factory, client.Email!);
        // presign → upload → complete → delete → POST again, a few times: on a store
        // where the form wrote the served key, this was storage past any quota.
        for (var round = 0; round < 3; round++)
        {
            var (presign, complete) = await client.UploadImageAsync(TestImages.Jpeg, "image/jpeg");
            Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteImageAsync(presign.Id)).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await client.UploadAsync(presign.Upload, TestImages.Jpeg, "image/jpeg")).StatusCode);
        }

        Assert.Empty(await factory.KeysAsync(ObjectKeys.PermanentPrefix(userId)));
        Assert.Equal((new StorageProbe.Usage(0, 0), new StorageProbe.Usage(0, 0)), await factory.UsageAsync(userId));
        Assert.Equal(3, (await factory.KeysAsync(ObjectKeys.StagingPrefix(userId))).Count);

        await factory.SweepAsync(PastEveryForm);

        Assert.Empty(await factory.UserKeysAsync(userId));
    }

    [Fact]
    public async Task PostRacingComplete_NeverLeavesUnverifiedBytesAtThePermanentKey()
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync();
        var good = TestImages.Jpeg;
        var bad = Tampered(good, keepMagic: false);
        for (var round = 0; round < 4; round++)
        {
            var presign = await client.PresignOkAsync(Request("photo.jpg", "image/jpeg", good.Length));
            await client.UploadOkAsync(presign.Upload, good, "image/jpeg");

            // Bad bytes posted before, during and after complete, from another "browser".
            var posts = Enumerable.Range(0, 6).Select(async i =>
            {
                await Task.Delay(i * 3);
                return await client.UploadAsync(presign.Upload, bad, "image/jpeg");
            }).ToList();
            var complete = await client.CompleteAsync(presign.Id);
            await Task.WhenAll(posts);
            await client.UploadAsync(presign.Upload, bad, "image/jpeg");

            var image = (await FindImageAsync(factory, presign.Id))!;
            var stored = await factory.BytesAsync(image.ObjectKey);
            if (complete.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal(ImageStatus.AwaitingReview, image.Status);
                Assert.Equal(good, stored);
            }
            else
            {
                // The bad bytes won the race to the staging key: rejected, nothing kept.
                await AssertProblemAsync(complete, HttpStatusCode.UnprocessableEntity);
                Assert.Equal(ImageStatus.Rejected, image.Status);
                Assert.Null(stored);
            }
        }
    }

    [Fact]
    public async Task Sweeper_RemovesStagingLeftovers_AndNeverTouchesACompletedImage()
    {
        var (client, userId, presign, image) = await CompletedAsync();
        using var _ = client;
        await ResendBothFormsAsync(client, presign);
        var abandoned = await client.PresignOkAsync(Request("other.jpg", "image/jpeg", TestImages.Jpeg.Length));
        await client.UploadOkAsync(abandoned.Upload, TestImages.Jpeg, "image/jpeg");
        var tile = (await (await client.CompleteAsync(presign.Id)).Content.ReadFromJsonAsync<ImageTile>(Json))!;

        // Not yet past the form's lifetime: the sweeper leaves everything where it is.
        await factory.SweepAsync(TimeSpan.Zero);
        Assert.Equal(3, (await factory.KeysAsync(ObjectKeys.StagingPrefix(userId))).Count);

        await factory.SweepAsync(PastEveryForm);

        Assert.Empty(await factory.KeysAsync(ObjectKeys.StagingPrefix(userId)));
        Assert.Null(await FindImageAsync(factory, abandoned.Id));
        var kept = (await FindImageAsync(factory, presign.Id))!;
        Assert.Equal(ImageStatus.AwaitingReview, kept.Status);
        Assert.Equal(new[] { image.ObjectKey, image.ThumbnailKey! }.Order(),
            (await factory.KeysAsync(ObjectKeys.PermanentPrefix(userId))).Order());
        await AssertServesTheVerifiedBytesAsync(client, image);
        Assert.NotNull(tile.ThumbnailUrl);
        var usage = await factory.UsageAsync(userId);
        Assert.Equal(usage.Recounted, usage.Counted);
        Assert.Equal(1, usage.Counted.ImageCount);
    }
}

public sealed class EmbeddedVerifiedObjectTests(GalleryFactory factory) : VerifiedObjectTests<GalleryFactory>(factory);

public sealed class S3VerifiedObjectTests(S3GalleryFactory factory) : VerifiedObjectTests<S3GalleryFactory>(factory);

public sealed class PostgresVerifiedObjectTests(PostgresGalleryFactory factory) : VerifiedObjectTests<PostgresGalleryFactory>(factory);
