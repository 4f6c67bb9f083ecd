using System.Net;
using System.Text.Json;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Moderation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ImageGallery.Tests.Uploads.Multipart;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Security;

// "Delete personal data" deletes the person's images with the account: every object
// under both of their prefixes, every row, audited. "Download personal data" lists them.
public abstract class AccountDeletionTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : GalleryFactory, new()
{
    // A completed image with a thumbnail, one still pending, and a leftover from a form
    // sent again after complete: something under every kind of key.
    private async Task<(GalleryClient Client, string UserId, long Bytes)> PersonWithImagesAsync()
    {
        var client = await factory.CreateGalleryClient().SignUpAsync();
        var userId = await ImageSeeder.UserIdAsync(factory, client.Email!);
        var done = await client.PresignOkAsync(Request("cat.jpg", "image/jpeg", TestImages.Jpeg.Length,
            Thumbnail("image/webp", TestImages.Webp.Length)));
        await client.UploadOkAsync(done.Upload, TestImages.Jpeg, "image/jpeg");
        await client.UploadOkAsync(done.ThumbnailUpload!, TestImages.Webp, "image/webp");
        Assert.Equal(HttpStatusCode.OK, (await client.CompleteAsync(done.Id)).StatusCode);
        await client.UploadOkAsync(done.Upload, TestImages.Jpeg, "image/jpeg");
        var pending = await client.PresignOkAsync(Request("dog.png", "image/png", TestImages.Png.Length));
        await client.UploadOkAsync(pending.Upload, TestImages.Png, "image/png");
        Assert.Equal(4, (await factory.UserKeysAsync(userId)).Count);
        return (client, userId, TestImages.Jpeg.Length + TestImages.Webp.Length + TestImages.Png.Length);
    }

    [Fact]
    public async Task DeletePersonalData_DeletesEveryObjectAndRowOfThePerson_AndAuditsIt()
    {
        var (client, userId, bytes) = await PersonWithImagesAsync();
        using var _ = client;
        using var other = await factory.CreateGalleryClient().SignUpAsync();
        var (kept, _) = await other.UploadImageAsync(TestImages.Jpeg, "image/jpeg");

        var response = await client.SubmitFormAsync("/Identity/Account/Manage/DeletePersonalData",
            new Dictionary<string, string> { ["Input.Password"] = GalleryClient.Password }, "form#delete-user");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Empty(await factory.UserKeysAsync(userId));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
        Assert.False(await db.Users.AnyAsync(u => u.Id == userId));
        Assert.False(await db.Images.AnyAsync(i => i.OwnerId == userId));
        var entry = await db.AuditEntries.SingleAsync(a => a.TargetUserId == userId);
        Assert.Equal(AuditActions.DeleteAccount, entry.Action);
        Assert.Equal(client.Email, entry.TargetUserEmail);
        Assert.Contains($"2 images, {bytes} bytes", entry.Detail);
        Assert.InRange(entry.At, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));
        // Someone else's images are untouched.
        Assert.Equal(ImageStatus.AwaitingReview, (await FindImageAsync(factory, kept.Id))!.Status);
        Assert.Equal(TestImages.Jpeg, await factory.BytesAsync((await FindImageAsync(factory, kept.Id))!.ObjectKey));
    }

    // An upload still in parts is no object a listing finds: it is aborted first, so its
    // parts go and the part URLs the person holds write nothing afterwards.
    [Fact]
    public async Task DeletePersonalData_AbortsAnUploadStillInParts_SoItsPartUrlsWriteNothing()
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync();
        var start = await client.StartOkAsync(size: TestImages.Jpeg.Length);
        var url = start.Parts[0].Url;
        Assert.Equal(HttpStatusCode.OK, (await client.PutPartAsync(url, TestImages.Jpeg)).StatusCode);
        var image = (await FindImageAsync(factory, start.Id))!;

        var response = await client.SubmitFormAsync("/Identity/Account/Manage/DeletePersonalData",
            new Dictionary<string, string> { ["Input.Password"] = GalleryClient.Password }, "form#delete-user");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Null(await MultipartApi.Parts(factory).ListPartsAsync(image.ObjectKey, image.MultipartUploadId!, CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutPartAsync(url, TestImages.Jpeg)).StatusCode);
        Assert.Empty(await factory.UserKeysAsync(image.OwnerId));
    }

    [Fact]
    public async Task DownloadPersonalData_ListsThePersonsImages()
    {
        var (client, _, _) = await PersonWithImagesAsync();
        using var __ = client;
        var captioned = (await client.GetPageAsync("/")).QuerySelector("li.tile a.tile-link")!.GetAttribute("href")!;
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync(captioned,
            new Dictionary<string, string> { ["Input.Caption"] = "On the sofa" }, "form.caption-form")).StatusCode);

        var response = await client.SubmitFormAsync("/Identity/Account/Manage/PersonalData",
            new Dictionary<string, string>(), "form#download-data");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(client.Email, json.GetProperty("Email").GetString());
        var images = json.GetProperty("Images").EnumerateArray().ToList();
        Assert.Equal(2, images.Count);
        var cat = images.Single(i => i.GetProperty("fileName").GetString() == "cat.jpg");
        Assert.Equal(TestImages.Jpeg.Length, cat.GetProperty("size").GetInt64());
        Assert.Equal("image/jpeg", cat.GetProperty("contentType").GetString());
        Assert.Equal("AwaitingReview", cat.GetProperty("status").GetString());
        Assert.Equal("On the sofa", cat.GetProperty("caption").GetString());
        Assert.NotEqual(JsonValueKind.Null, cat.GetProperty("uploadedAt").ValueKind);
        var dog = images.Single(i => i.GetProperty("fileName").GetString() == "dog.png");
        Assert.Equal("Pending", dog.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, dog.GetProperty("createdAt").ValueKind);
    }
}

public sealed class EmbeddedAccountDeletionTests(GalleryFactory factory) : AccountDeletionTests<GalleryFactory>(factory);

public sealed class S3AccountDeletionTests(S3GalleryFactory factory) : AccountDeletionTests<S3GalleryFactory>(factory);

public sealed class PostgresAccountDeletionTests(PostgresGalleryFactory factory) : AccountDeletionTests<PostgresGalleryFactory>(factory);
