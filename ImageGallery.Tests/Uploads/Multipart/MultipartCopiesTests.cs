using System.Net;
using System.Net.Http.Json;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Uploads;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static ImageGallery.Tests.Uploads.Multipart.MultipartApi;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Uploads.Multipart;

// A large file's thumbnail and display copy, declared after the start while the parts go
// up (POST /api/uploads/multipart/{id}/variants): the same rules and quota as at a presign,
// recorded only while the upload is open and unclaimed, promoted and verified at complete.
public abstract class MultipartCopiesTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : GalleryFactory
{
    private static readonly byte[] Thumb = TestImages.Webp;
    private static readonly object Copies = new
    {
        width = 9000, height = 3000,
        thumbnail = new { contentType = "image/webp", size = Thumb.Length },
        display = new { contentType = "image/webp", size = Thumb.Length, width = 2048 },
    };

    private async Task<(GalleryClient Client, MultipartStartResponse Start, byte[] File)> StartedAsync()
    {
        var client = await factory.CreateGalleryClient().SignUpAsync("large");
        var file = LargeJpeg();
        var response = await client.StartAsync(Request("panorama.jpg", "image/jpeg", file.Length, null, null, null));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Describe(response));
        var start = (await response.Content.ReadFromJsonAsync<MultipartStartResponse>(Json))!;
        Assert.Null(start.ThumbnailUpload);
        return (client, start, file);
    }

    [Fact]
    public async Task Copies_DeclaredWhileThePartsGoUp_AreCounted_Promoted_AndShown()
    {
        var (client, start, file) = await StartedAsync();
        using var owner = client;
        await client.PutPartsOkAsync(start.Id, file, 1, 2);

        var forms = await client.DeclareCopiesOkAsync(start.Id, Copies);

        Assert.StartsWith(ObjectKeys.StagingRoot, forms.ThumbnailUpload!.Fields["key"]);
        Assert.StartsWith(ObjectKeys.StagingRoot, forms.DisplayUpload!.Fields["key"]);
        Assert.Equal((1, (long)file.Length + 2 * Thumb.Length), await UsageAsync(factory, client.Email!));
        var pending = (await RecordAsync(factory, start.Id))!;
        Assert.Equal((9000, 3000), (pending.Width, pending.Height));
        await client.UploadOkAsync(forms.ThumbnailUpload, Thumb, "image/webp");
        await client.UploadOkAsync(forms.DisplayUpload, Thumb, "image/webp");
        await client.PutPartsOkAsync(start.Id, file, 3);

        var complete = await client.CompleteMultipartAsync(start.Id);

        Assert.True(complete.StatusCode == HttpStatusCode.OK, await Describe(complete));
        var tile = (await complete.Content.ReadFromJsonAsync<ImageTile>(Json))!;
        Assert.Contains("/thumb.webp", tile.ThumbnailUrl);
        Assert.Equal((9000, 3000), (tile.Width, tile.Height));
        var image = (await RecordAsync(factory, start.Id))!;
        Assert.Equal(Thumb, await factory.BytesAsync(image.ThumbnailKey!));
        Assert.Equal(Thumb, await factory.BytesAsync(image.DisplayKey!));
        Assert.Equal(2048, image.DisplayWidth);
        Assert.Null(await StoredAsync(factory, forms.ThumbnailUpload.Fields["key"]));
        Assert.Equal((1, (long)file.Length + 2 * Thumb.Length), await UsageAsync(factory, client.Email!));
    }

    // A resume (or an expired form) declares the same copies again: fresh forms, nothing
    // counted twice. Other sizes cannot replace what is recorded.
    [Fact]
    public async Task Copies_DeclaredAgain_TheSameGetFreshForms_CountedOnce_OthersAre409()
    {
        var (client, start, file) = await StartedAsync();
        using var owner = client;
        var first = await client.DeclareCopiesOkAsync(start.Id, Copies);

        var again = await client.DeclareCopiesOkAsync(start.Id, Copies);
        var other = await client.DeclareCopiesAsync(start.Id, new
        {
            width = 9000, height = 3000, thumbnail = new { contentType = "image/webp", size = Thumb.Length + 1 },
        });

        Assert.Equal(first.ThumbnailUpload!.Fields["key"], again.ThumbnailUpload!.Fields["key"]);
        await AssertProblemAsync(other, HttpStatusCode.Conflict);
        Assert.Equal((1, (long)file.Length + 2 * Thumb.Length), await UsageAsync(factory, client.Email!));
        var image = (await RecordAsync(factory, start.Id))!;
        Assert.Equal((long?)Thumb.Length, image.ThumbnailSize);

        // Aborted: every byte goes back, the declared copies' too.
        Assert.Equal(HttpStatusCode.NoContent, (await client.AbortAsync(start.Id)).StatusCode);
        Assert.Equal((0, 0L), await UsageAsync(factory, client.Email!));
    }

    [Fact]
    public async Task Copies_AreRefused_ForSomeoneElsesUpload_AfterComplete_WhileClaimed_AndWhenBad()
    {
        var (client, start, file) = await StartedAsync();
        using var owner = client;
        using var stranger = await factory.CreateGalleryClient().SignUpAsync("stranger");

        await AssertProblemAsync(await stranger.DeclareCopiesAsync(start.Id, Copies), HttpStatusCode.NotFound);
        var bad = await AssertProblemAsync(await client.DeclareCopiesAsync(start.Id, new
        {
            width = 9000, height = 3000, thumbnail = new { contentType = "image/png", size = 10L * 1024 * 1024 },
        }), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("thumbnail.size", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("thumbnail.contentType", out _));
        await AssertProblemAsync(await client.DeclareCopiesAsync(start.Id, Copies, withToken: false), HttpStatusCode.BadRequest);

        // A complete holds the claim: nothing may be added under it.
        var claimedAt = DateTime.UtcNow;
        await UpdateImageAsync(factory, start.Id, i => i.UploadedAt = claimedAt);
        await AssertProblemAsync(await client.DeclareCopiesAsync(start.Id, Copies), HttpStatusCode.Conflict);
        await UpdateImageAsync(factory, start.Id, i => i.UploadedAt = null);
        Assert.Equal((1, (long)file.Length), await UsageAsync(factory, client.Email!));
        Assert.Null((await RecordAsync(factory, start.Id))!.ThumbnailKey);

        await client.PutPartsOkAsync(start.Id, file, 1, 2, 3);
        Assert.Equal(HttpStatusCode.OK, (await client.CompleteMultipartAsync(start.Id)).StatusCode);
        await AssertProblemAsync(await client.DeclareCopiesAsync(start.Id, Copies), HttpStatusCode.Conflict);
        Assert.Equal((1, (long)file.Length), await UsageAsync(factory, client.Email!));
        Assert.Null((await RecordAsync(factory, start.Id))!.ThumbnailKey);
    }

    // Sent many times at once, with two different declarations among them: one is recorded,
    // its bytes counted once; every other answer is the same forms (200) or a 409; and an
    // abort afterwards gives back exactly what was counted.
    [Fact]
    public async Task Copies_DeclaredConcurrently_AreRecordedOnce_AndCountedOnce()
    {
        var (client, start, file) = await StartedAsync();
        using var owner = client;
        var other = new { width = 9000, height = 3000, thumbnail = new { contentType = "image/jpeg", size = 999 } };

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            client.DeclareCopiesAsync(start.Id, i % 5 == 4 ? other : Copies)));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, a.StatusCode.ToString()));
        var image = (await RecordAsync(factory, start.Id))!;
        var counted = image.ThumbnailSize == 999 ? 999L : 2L * Thumb.Length;
        Assert.Equal(image.ThumbnailSize == 999 ? null : Thumb.Length, image.DisplaySize);
        Assert.Equal((1, file.Length + counted), await UsageAsync(factory, client.Email!));
        Assert.Equal(HttpStatusCode.NoContent, (await client.AbortAsync(start.Id)).StatusCode);
        Assert.Equal((0, 0L), await UsageAsync(factory, client.Email!));
        // Late: the upload is gone, and so is anything to declare copies for.
        await AssertProblemAsync(await client.DeclareCopiesAsync(start.Id, Copies), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Copies_PastTheStorageQuota_Are413_AndNothingIsRecorded()
    {
        var (client, start, file) = await StartedAsync();
        using var owner = client;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByEmailAsync(client.Email!))!;
            user.MaxBytesOverride = file.Length + Thumb.Length;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
        }

        var problem = await AssertProblemAsync(await client.DeclareCopiesAsync(start.Id, Copies), HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("storage limit", problem.GetProperty("detail").GetString());
        Assert.Equal((1, (long)file.Length), await UsageAsync(factory, client.Email!));
        var image = (await RecordAsync(factory, start.Id))!;
        Assert.Null(image.ThumbnailKey);
        Assert.Null(image.DisplayKey);
        Assert.Null(image.Width);
    }
}

public sealed class EmbeddedMultipartCopiesTests(MultipartFactory factory) : MultipartCopiesTests<MultipartFactory>(factory);

public sealed class S3MultipartCopiesTests(S3MultipartFactory factory) : MultipartCopiesTests<S3MultipartFactory>(factory);

public sealed class PostgresMultipartCopiesTests(PostgresMultipartFactory factory) : MultipartCopiesTests<PostgresMultipartFactory>(factory);
