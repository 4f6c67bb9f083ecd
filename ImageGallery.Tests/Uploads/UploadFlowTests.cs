using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Uploads;
using Microsoft.Extensions.DependencyInjection;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Uploads;

// The upload contract through real storage: the same tests run against every
// backend (a concrete subclass per factory).
public abstract class UploadFlowTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : GalleryFactory, new()
{
    protected TFactory Factory { get; } = factory;

    private async Task<GalleryClient> SignedInAsync()
    {
        var client = Factory.CreateGalleryClient();
        return await client.SignUpAsync();
    }

    [Theory]
    [InlineData("photo.jpg", "image/jpeg")]
    [InlineData("photo.png", "image/png")]
    [InlineData("small.gif", "image/gif")]
    [InlineData("photo.webp", "image/webp")]
    public async Task Upload_PresignPostComplete_StoresTheImage_AndItsUrlServesTheSameBytes(string fixture, string contentType)
    {
        using var client = await SignedInAsync();
        var userId = await ImageSeeder.UserIdAsync(Factory, client.Email!);
        var bytes = File.ReadAllBytes(TestImages.PathOf(fixture));

        var presignResponse = await client.PresignAsync(Request(fixture, contentType, bytes.Length));
        Assert.Equal(HttpStatusCode.Created, presignResponse.StatusCode);
        var json = JsonDocument.Parse(await presignResponse.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(JsonValueKind.Null, json.GetProperty("thumbnailUpload").ValueKind);
        var expiresAt = json.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        var presign = json.Deserialize<PresignResponse>(Json)!;
        // The form can only write the staging key; the record names the permanent one.
        Assert.Equal($"incoming/{userId}/{presign.Id}/original.{ObjectKeys.Extension(contentType)}", presign.Upload.Fields["key"]);
        var pending = (await FindImageAsync(Factory, presign.Id))!;
        Assert.Equal(ImageStatus.Pending, pending.Status);
        Assert.Equal($"users/{userId}/{presign.Id}/original.{ObjectKeys.Extension(contentType)}", pending.ObjectKey);

        await client.UploadOkAsync(presign.Upload, bytes, contentType);
        var complete = await client.CompleteAsync(presign.Id);

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        var tile = (await complete.Content.ReadFromJsonAsync<ImageTile>(Json))!;
        Assert.Equal(presign.Id, tile.Id);
        Assert.Equal("AwaitingReview", tile.Status);
        Assert.Equal(fixture, tile.FileName);
        Assert.Equal(contentType, tile.ContentType);
        Assert.Equal(bytes.Length, tile.Size);
        Assert.Equal((640, 480), (tile.Width, tile.Height));
        Assert.Null(tile.Caption);
        Assert.Equal($"/images/{presign.Id}", tile.PageUrl);

        var image = (await FindImageAsync(Factory, presign.Id))!;
        Assert.Equal(ImageStatus.AwaitingReview, image.Status);
        Assert.NotNull(image.UploadedAt);
        Assert.Equal(bytes.Length, (await StoredAsync(Factory, image.ObjectKey))!.Size);
        Assert.Null(await StoredAsync(Factory, presign.Upload.Fields["key"]));

        var get = await TestImages.GetAsync(client.Http, new Uri(tile.ThumbnailUrl!, UriKind.RelativeOrAbsolute));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(bytes, await get.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Upload_WithThumbnail_TileShowsTheThumbnail()
    {
        using var client = await SignedInAsync();
        var userId = await ImageSeeder.UserIdAsync(Factory, client.Email!);
        var (original, thumb) = (TestImages.LargeJpeg, TestImages.Webp);

        var presign = await client.PresignOkAsync(Request("large.jpg", "image/jpeg", original.Length,
            Thumbnail("image/webp", thumb.Length)));
        Assert.NotNull(presign.ThumbnailUpload);
        Assert.Equal($"incoming/{userId}/{presign.Id}/thumb.webp", presign.ThumbnailUpload.Fields["key"]);
        await client.UploadOkAsync(presign.Upload, original, "image/jpeg");
        await client.UploadOkAsync(presign.ThumbnailUpload, thumb, "image/webp");
        var complete = await client.CompleteAsync(presign.Id);

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        var tile = (await complete.Content.ReadFromJsonAsync<ImageTile>(Json))!;
        var get = await TestImages.GetAsync(client.Http, new Uri(tile.ThumbnailUrl!, UriKind.RelativeOrAbsolute));
        Assert.Equal(thumb, await get.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/webp", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"users/{userId}/{presign.Id}/thumb.webp", (await FindImageAsync(Factory, presign.Id))!.ThumbnailKey);
    }

    [Fact]
    public async Task Complete_DropsAThumbnailThatIsNotWhatWasDeclared_AndTheTileUsesTheOriginal()
    {
        using var client = await SignedInAsync();
        var (original, fakeThumb) = (TestImages.Jpeg, TestImages.Png);
        var presign = await client.PresignOkAsync(Request("photo.jpg", "image/jpeg", original.Length,
            Thumbnail("image/webp", fakeThumb.Length)));
        var thumbKey = presign.ThumbnailUpload!.Fields["key"];
        await client.UploadOkAsync(presign.Upload, original, "image/jpeg");
        await client.UploadOkAsync(presign.ThumbnailUpload, fakeThumb, "image/webp");

        var complete = await client.CompleteAsync(presign.Id);

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        var tile = (await complete.Content.ReadFromJsonAsync<ImageTile>(Json))!;
        var get = await TestImages.GetAsync(client.Http, new Uri(tile.ThumbnailUrl!, UriKind.RelativeOrAbsolute));
        Assert.Equal(original, await get.Content.ReadAsByteArrayAsync());
        Assert.Null(await StoredAsync(Factory, thumbKey));
        var userId = await ImageSeeder.UserIdAsync(Factory, client.Email!);
        Assert.Null(await StoredAsync(Factory, ObjectKeys.Thumbnail(userId, presign.Id, "image/webp")));
        var image = (await FindImageAsync(Factory, presign.Id))!;
        Assert.Equal(ImageStatus.AwaitingReview, image.Status);
        Assert.Null(image.ThumbnailKey);
    }

    [Fact]
    public async Task Complete_GoesOnWithoutAThumbnailThatNeverArrived()
    {
        using var client = await SignedInAsync();
        var original = TestImages.Jpeg;
        var presign = await client.PresignOkAsync(Request("photo.jpg", "image/jpeg", original.Length, Thumbnail("image/jpeg", 1000)));
        await client.UploadOkAsync(presign.Upload, original, "image/jpeg");

        var complete = await client.CompleteAsync(presign.Id);

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.Null((await FindImageAsync(Factory, presign.Id))!.ThumbnailKey);
    }

    [Theory]
    [InlineData("photo.png", "image/jpeg", "PNG")]
    [InlineData("notes.txt", "image/png", "not a PNG image")]
    [InlineData("page.html", "image/gif", "HTML")]
    public async Task Complete_Returns422_DeletesTheObject_AndRejects_WhenTheBytesAreNotTheDeclaredFormat(
        string what, string declaredType, string reasonMentions)
    {
        using var client = await SignedInAsync();
        var bytes = what switch
        {
            "photo.png" => TestImages.Png,
            "notes.txt" => "Just some text that pretends to be an image."u8.ToArray(),
            _ => "<!DOCTYPE html><html><script>alert(1)</script></html>"u8.ToArray(),
        };
        var presign = await client.PresignOkAsync(Request(what, declaredType, bytes.Length));
        await client.UploadOkAsync(presign.Upload, bytes, declaredType);
        var key = presign.Upload.Fields["key"];
        Assert.NotNull(await StoredAsync(Factory, key));

        var problem = await AssertProblemAsync(await client.CompleteAsync(presign.Id), HttpStatusCode.UnprocessableEntity);

        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(reasonMentions, detail);
        Assert.Null(await StoredAsync(Factory, key));
        var image = (await FindImageAsync(Factory, presign.Id))!;
        Assert.Null(await StoredAsync(Factory, image.ObjectKey));
        Assert.Equal(ImageStatus.Rejected, image.Status);
        Assert.Equal(detail, image.RejectionReason);

        // Asking again gives the same answer.
        var again = await AssertProblemAsync(await client.CompleteAsync(presign.Id), HttpStatusCode.UnprocessableEntity);
        Assert.Equal(detail, again.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Complete_Returns409_AndStaysPending_BeforeTheFileIsUploaded()
    {
        using var client = await SignedInAsync();
        var presign = await client.PresignOkAsync(Request());

        var problem = await AssertProblemAsync(await client.CompleteAsync(presign.Id), HttpStatusCode.Conflict);

        Assert.Contains("not in storage", problem.GetProperty("title").GetString());
        Assert.Equal(ImageStatus.Pending, (await FindImageAsync(Factory, presign.Id))!.Status);

        // Uploading afterwards still works with the same form.
        await client.UploadOkAsync(presign.Upload, TestImages.Jpeg, "image/jpeg");
        Assert.Equal(HttpStatusCode.OK, (await client.CompleteAsync(presign.Id)).StatusCode);
    }

    [Fact]
    public async Task Complete_IsIdempotent_ForAVerifiedImage()
    {
        using var client = await SignedInAsync();
        var (presign, first) = await client.UploadImageAsync(TestImages.Jpeg, "image/jpeg");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var uploadedAt = (await FindImageAsync(Factory, presign.Id))!.UploadedAt;

        var second = await client.CompleteAsync(presign.Id);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        // The signed URL is only stable within a ViewUrls window; the rest is identical.
        var (a, b) = (JsonNode.Parse(await first.Content.ReadAsStringAsync())!.AsObject(),
            JsonNode.Parse(await second.Content.ReadAsStringAsync())!.AsObject());
        var url = b["thumbnailUrl"]!.GetValue<string>();
        a.Remove("thumbnailUrl");
        b.Remove("thumbnailUrl");
        Assert.Equal(a.ToJsonString(), b.ToJsonString());
        var get = await TestImages.GetAsync(client.Http, new Uri(url, UriKind.RelativeOrAbsolute));
        Assert.Equal(TestImages.Jpeg, await get.Content.ReadAsByteArrayAsync());
        Assert.Equal(uploadedAt, (await FindImageAsync(Factory, presign.Id))!.UploadedAt);
    }

    [Fact]
    public async Task Delete_RemovesTheRecordAndBothObjects()
    {
        using var client = await SignedInAsync();
        var presign = await client.PresignOkAsync(Request("photo.jpg", "image/jpeg", TestImages.Jpeg.Length,
            Thumbnail("image/jpeg", TestImages.Jpeg.Length)));
        await client.UploadOkAsync(presign.Upload, TestImages.Jpeg, "image/jpeg");
        await client.UploadOkAsync(presign.ThumbnailUpload!, TestImages.Jpeg, "image/jpeg");
        Assert.Equal(HttpStatusCode.OK, (await client.CompleteAsync(presign.Id)).StatusCode);
        var image = (await FindImageAsync(Factory, presign.Id))!;
        Assert.NotNull(await StoredAsync(Factory, image.ThumbnailKey!));

        var response = await client.DeleteImageAsync(presign.Id);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(await FindImageAsync(Factory, presign.Id));
        Assert.Null(await StoredAsync(Factory, image.ObjectKey));
        Assert.Null(await StoredAsync(Factory, image.ThumbnailKey!));
        await AssertProblemAsync(await client.DeleteImageAsync(presign.Id), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Sweeper_DeletesAnAbandonedPendingUpload_AndItsObject_ButNotAFreshOne()
    {
        using var client = await SignedInAsync();
        var abandoned = await client.PresignOkAsync(Request());
        var fresh = await client.PresignOkAsync(Request());
        await client.UploadOkAsync(abandoned.Upload, TestImages.Jpeg, "image/jpeg");
        await client.UploadOkAsync(fresh.Upload, TestImages.Jpeg, "image/jpeg");
        // Older than the form lifetime (5 min) plus the grace (15 min).
        await UpdateImageAsync(Factory, abandoned.Id, i => i.CreatedAt = DateTime.UtcNow.AddMinutes(-21));

        var deleted = await Factory.Services.GetRequiredService<AbandonedUploadSweeper>().SweepOnceAsync(CancellationToken.None);

        Assert.True(deleted >= 1);
        Assert.Null(await FindImageAsync(Factory, abandoned.Id));
        Assert.Null(await StoredAsync(Factory, abandoned.Upload.Fields["key"]));
        Assert.Equal(ImageStatus.Pending, (await FindImageAsync(Factory, fresh.Id))!.Status);
        Assert.NotNull(await StoredAsync(Factory, fresh.Upload.Fields["key"]));
    }

    [Fact]
    public async Task Sweeper_DeletesAnAbandonedUploadWhoseFileNeverArrived()
    {
        using var client = await SignedInAsync();
        var abandoned = await client.PresignOkAsync(Request(thumbnail: Thumbnail("image/webp", 1000)));
        await UpdateImageAsync(Factory, abandoned.Id, i => i.CreatedAt = DateTime.UtcNow.AddHours(-1));

        await Factory.Services.GetRequiredService<AbandonedUploadSweeper>().SweepOnceAsync(CancellationToken.None);

        Assert.Null(await FindImageAsync(Factory, abandoned.Id));
    }

    [Fact]
    public async Task Sweeper_LeavesOldImagesThatWereCompleted()
    {
        using var client = await SignedInAsync();
        var (presign, complete) = await client.UploadImageAsync(TestImages.Jpeg, "image/jpeg");
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        await UpdateImageAsync(Factory, presign.Id, i => i.CreatedAt = DateTime.UtcNow.AddDays(-1));

        await Factory.Services.GetRequiredService<AbandonedUploadSweeper>().SweepOnceAsync(CancellationToken.None);

        var image = (await FindImageAsync(Factory, presign.Id))!;
        Assert.Equal(ImageStatus.AwaitingReview, image.Status);
        Assert.NotNull(await StoredAsync(Factory, image.ObjectKey));
    }

    [Fact]
    public async Task Presign_KeepsAPathLikeNameOnlyForDisplay_AndTheKeyIsMintedByTheServer()
    {
        using var client = await SignedInAsync();
        var userId = await ImageSeeder.UserIdAsync(Factory, client.Email!);

        var presign = await client.PresignOkAsync(Request("../../etc/passwd", "image/png", TestImages.Png.Length));

        Assert.Matches(new Regex($"^incoming/{Regex.Escape(userId)}/[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}/original\\.png$"),
            presign.Upload.Fields["key"]);
        Assert.Equal("passwd", (await FindImageAsync(Factory, presign.Id))!.FileName);
        await client.UploadOkAsync(presign.Upload, TestImages.Png, "image/png");
        var tile = (await (await client.CompleteAsync(presign.Id)).Content.ReadFromJsonAsync<ImageTile>(Json))!;
        Assert.Equal("passwd", tile.FileName);
    }
}

public sealed class EmbeddedUploadFlowTests(GalleryFactory factory) : UploadFlowTests<GalleryFactory>(factory);

public sealed class S3UploadFlowTests(S3GalleryFactory factory) : UploadFlowTests<S3GalleryFactory>(factory);

public sealed class PostgresUploadFlowTests(PostgresGalleryFactory factory) : UploadFlowTests<PostgresGalleryFactory>(factory);
