using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using ImageGallery.Web.Uploads;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static ImageGallery.Tests.Uploads.Multipart.MultipartApi;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Uploads.Multipart;

// Large files in parts, through real storage: the same tests on every backend.
public abstract class MultipartUploadTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : GalleryFactory
{
    protected TFactory Factory { get; } = factory;

    private async Task<GalleryClient> SignedInAsync() => await Factory.CreateGalleryClient().SignUpAsync("large");

    [Fact]
    public async Task Multipart_OfSeveralParts_UploadsAndVerifies_AtThePermanentKey_WithNothingInStaging()
    {
        using var client = await SignedInAsync();
        var file = LargeJpeg();
        var thumb = TestImages.Webp;

        var start = await client.StartOkAsync(thumbnail: Thumbnail("image/webp", thumb.Length));
        Assert.Equal((PartBytes, 3), (start.PartSize, start.PartCount));
        var pending = (await RecordAsync(Factory, start.Id))!;
        Assert.Equal(ImageStatus.Pending, pending.Status);
        Assert.NotNull(pending.MultipartUploadId);
        Assert.Equal((1, (long)file.Length + thumb.Length), await UsageAsync(Factory, client.Email!));
        // The thumbnail form writes its staging key, like every form.
        Assert.StartsWith(ObjectKeys.StagingRoot, start.ThumbnailUpload!.Fields["key"]);
        await client.UploadOkAsync(start.ThumbnailUpload, thumb, "image/webp");

        // The start signs the first parts itself: a file of a few parts needs no signing call.
        Assert.Equal([1, 2, 3], start.Parts.Select(p => p.PartNumber));
        foreach (var part in start.Parts)
            Assert.Equal(HttpStatusCode.OK, (await client.PutPartAsync(part.Url, Part(file, part.PartNumber))).StatusCode);
        var listed = await client.ListOkAsync(start.Id);
        Assert.Equal([PartBytes, PartBytes, 100 * 1024], listed.Parts.Select(p => p.Size));
        // Parts are no object: nothing is at the key until the server completes the upload.
        Assert.Null(await StoredAsync(Factory, pending.ObjectKey));
        var complete = await client.CompleteMultipartAsync(start.Id);

        Assert.True(complete.StatusCode == HttpStatusCode.OK, await Describe(complete));
        var tile = (await complete.Content.ReadFromJsonAsync<ImageTile>(Json))!;
        Assert.Equal(("AwaitingReview", (long)file.Length), (tile.Status, tile.Size));
        Assert.Contains("/thumb.webp", tile.ThumbnailUrl);
        var image = (await RecordAsync(Factory, start.Id))!;
        Assert.Equal(ImageStatus.AwaitingReview, image.Status);
        Assert.Null(image.MultipartUploadId);
        Assert.StartsWith(ObjectKeys.PermanentRoot, image.ObjectKey);
        Assert.Equal(SHA256.HashData(file), SHA256.HashData(await ReadAllAsync(Factory, client.Http, image.ObjectKey)));
        Assert.Equal("image/jpeg", (await StoredAsync(Factory, image.ObjectKey))!.ContentType);
        Assert.NotNull(await StoredAsync(Factory, image.ThumbnailKey!));
        Assert.Null(await StoredAsync(Factory, StagingKey(image)));
        Assert.Null(await StoredAsync(Factory, start.ThumbnailUpload.Fields["key"]));
        Assert.Null(await Parts(Factory).ListPartsAsync(image.ObjectKey, pending.MultipartUploadId!, CancellationToken.None));
        Assert.Equal((1, (long)file.Length + thumb.Length), await UsageAsync(Factory, client.Email!));
    }

    [Fact]
    public async Task Multipart_Resumed_ListsTheStoredParts_AndCompletesWithOnlyTheMissingOneSent()
    {
        using var client = await SignedInAsync();
        var file = LargeJpeg();
        var start = await client.StartOkAsync();
        await client.PutPartsOkAsync(start.Id, file, 1, 3);

        // After a reload the page knows only the id; storage says what it holds.
        var listed = await client.ListOkAsync(start.Id);
        Assert.Equal([1, 3], listed.Parts.Select(p => p.PartNumber));
        Assert.Equal((file.Length, 3), ((int)listed.Size, listed.PartCount));
        await AssertProblemAsync(await client.CompleteMultipartAsync(start.Id), HttpStatusCode.Conflict);
        await client.PutPartsOkAsync(start.Id, file, 2);

        var complete = await client.CompleteMultipartAsync(start.Id);

        Assert.True(complete.StatusCode == HttpStatusCode.OK, await Describe(complete));
        var image = (await RecordAsync(Factory, start.Id))!;
        Assert.Equal(SHA256.HashData(file), SHA256.HashData(await ReadAllAsync(Factory, client.Http, image.ObjectKey)));
    }

    [Fact]
    public async Task Multipart_AnExpiredPartUrl_IsRefused_AndSignedAgain()
    {
        // The app's clock runs 58 s behind, so its part URLs (1 minute) expire 2 s from
        // now in real time, which is the clock S3 checks them against.
        var time = new ManualTime(DateTimeOffset.UtcNow.AddSeconds(-58));
        using var app = Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(time))
            .UseSetting("Uploads:FormLifetime", "00:01:00"));
        using var client = await new GalleryClient(app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = GalleryFactory.BaseAddress, AllowAutoRedirect = false })).SignUpAsync();
        var file = LargeJpeg();
        var start = await client.StartOkAsync();
        var stale = (await client.SignOkAsync(start.Id, 1)).Parts[0].Url;

        // Past the expiry on both clocks: the gateway's (real) and the embedded store's (the app's).
        await Task.Delay(TimeSpan.FromSeconds(3));
        time.Advance(TimeSpan.FromSeconds(61));
        var refused = await client.PutPartAsync(stale, Part(file, 1));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("AccessDenied", await refused.Content.ReadAsStringAsync());
        await client.PutPartsOkAsync(start.Id, file, 1, 2, 3);
        var complete = await client.CompleteMultipartAsync(start.Id);
        Assert.True(complete.StatusCode == HttpStatusCode.OK, await Describe(complete));
    }

    // Smaller: the last part is short by a byte. Larger and past Uploads:MaxMultipartBytes
    // (12 MiB): the last part is a whole 5 MiB, 15 MiB in all.
    [Theory]
    [InlineData(-1)]
    [InlineData(PartBytes - 100 * 1024)]
    public async Task Multipart_WhosePartsDoNotAddUpToTheDeclaredSize_IsAbortedOnComplete_NothingKept_QuotaReleased(int lastPartChange)
    {
        using var client = await SignedInAsync();
        var file = LargeJpeg();
        var start = await client.StartOkAsync();
        var image = (await RecordAsync(Factory, start.Id))!;
        await client.PutPartsOkAsync(start.Id, file, 1, 2);
        var last = (await client.SignOkAsync(start.Id, 3)).Parts[0].Url;
        var put = await client.PutPartAsync(last, RandomNumberGenerator.GetBytes(Part(file, 3).Length + lastPartChange));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var problem = await AssertProblemAsync(await client.CompleteMultipartAsync(start.Id), HttpStatusCode.UnprocessableEntity);

        Assert.Contains($"{file.Length} bytes were announced", problem.GetProperty("detail").GetString());
        Assert.Null(await RecordAsync(Factory, start.Id));
        Assert.Equal((0, 0L), await UsageAsync(Factory, client.Email!));
        Assert.Null(await StoredAsync(Factory, StagingKey(image)));
        Assert.Null(await StoredAsync(Factory, image.ObjectKey));
        Assert.Null(await Parts(Factory).ListPartsAsync(image.ObjectKey, image.MultipartUploadId!, CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutPartAsync(last, Part(file, 3))).StatusCode);
    }

    [Fact]
    public async Task Multipart_ThatIsNotTheDeclaredImageType_IsRejectedOnComplete_NothingKept()
    {
        using var client = await SignedInAsync();
        var file = RandomNumberGenerator.GetBytes(FileBytes);
        var start = await client.StartOkAsync();
        var image = (await RecordAsync(Factory, start.Id))!;
        await client.PutPartsOkAsync(start.Id, file, 1, 2, 3);

        var problem = await AssertProblemAsync(await client.CompleteMultipartAsync(start.Id), HttpStatusCode.UnprocessableEntity);

        Assert.Contains("not a JPEG", problem.GetProperty("detail").GetString());
        Assert.Null(await RecordAsync(Factory, start.Id));
        Assert.Equal((0, 0L), await UsageAsync(Factory, client.Email!));
        Assert.Null(await StoredAsync(Factory, StagingKey(image)));
        Assert.Null(await StoredAsync(Factory, image.ObjectKey));
    }

    [Fact]
    public async Task Multipart_SomeoneElsesUploadId_Is404_OnEveryRoute_AndTheUploadIsUntouched()
    {
        using var owner = await SignedInAsync();
        using var stranger = await SignedInAsync();
        var file = LargeJpeg();
        var start = await owner.StartOkAsync();
        await owner.PutPartsOkAsync(start.Id, file, 1);

        await AssertProblemAsync(await stranger.SignAsync(start.Id, 2), HttpStatusCode.NotFound);
        await AssertProblemAsync(await stranger.ListAsync(start.Id), HttpStatusCode.NotFound);
        await AssertProblemAsync(await stranger.CompleteMultipartAsync(start.Id), HttpStatusCode.NotFound);
        await AssertProblemAsync(await stranger.AbortAsync(start.Id), HttpStatusCode.NotFound);

        Assert.Equal([1], (await owner.ListOkAsync(start.Id)).Parts.Select(p => p.PartNumber));
        Assert.Equal(ImageStatus.Pending, (await RecordAsync(Factory, start.Id))!.Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(-1)]
    public async Task Multipart_SignParts_RefusesPartNumbersOutside1ToN(int number)
    {
        using var client = await SignedInAsync();
        var start = await client.StartOkAsync();

        var problem = await AssertProblemAsync(await client.SignAsync(start.Id, 1, number), HttpStatusCode.BadRequest);

        Assert.Contains("from 1 to 3", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Multipart_Start_RefusesAFileOverTheLimit_AndNeedsTheAntiforgeryToken()
    {
        using var client = await SignedInAsync();

        var tooLarge = await AssertProblemAsync(await client.StartAsync(Request(size: MaxBytes + 1)), HttpStatusCode.BadRequest);
        Assert.Contains(HumanSize.Format(MaxBytes), tooLarge.GetProperty("errors").GetProperty("size")[0].GetString());
        await AssertProblemAsync(await client.StartAsync(Request(size: FileBytes), withToken: false), HttpStatusCode.BadRequest);
        Assert.Equal((0, 0L), await UsageAsync(Factory, client.Email!));
    }

    // Cancelling in the page aborts; deleting the Pending image (DELETE /api/images/{id})
    // must too: the parts are no object a delete reaches, and the part URLs would write on.
    [Theory]
    [InlineData("abort")]
    [InlineData("delete image")]
    public async Task Multipart_AbortOrDeletingThePendingImage_RemovesThePartsAndTheRecord_ReleasesTheQuota_AndItsUrlsWriteNothing(string how)
    {
        using var client = await SignedInAsync();
        var file = LargeJpeg();
        var start = await client.StartOkAsync();
        var image = (await RecordAsync(Factory, start.Id))!;
        await client.PutPartsOkAsync(start.Id, file, 1, 2);
        var url = (await client.SignOkAsync(start.Id, 3)).Parts[0].Url;

        var response = how == "abort" ? await client.AbortAsync(start.Id) : await client.DeleteImageAsync(start.Id);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(await RecordAsync(Factory, start.Id));
        Assert.Equal((0, 0L), await UsageAsync(Factory, client.Email!));
        Assert.Null(await Parts(Factory).ListPartsAsync(image.ObjectKey, image.MultipartUploadId!, CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutPartAsync(url, Part(file, 3))).StatusCode);
        Assert.Null(await Parts(Factory).ListPartsAsync(image.ObjectKey, image.MultipartUploadId!, CancellationToken.None));
        Assert.Null(await StoredAsync(Factory, StagingKey(image)));
        await AssertProblemAsync(await client.ListAsync(start.Id), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Sweeper_AbortsAnAbandonedMultipartUpload_ButNotAFreshOne()
    {
        using var client = await SignedInAsync();
        var file = LargeJpeg();
        var abandoned = await client.StartOkAsync();
        var fresh = await client.StartOkAsync();
        await client.PutPartsOkAsync(abandoned.Id, file, 1);
        var image = (await RecordAsync(Factory, abandoned.Id))!;
        // Older than Uploads:MultipartAbandonedAfter (a day), but not than the single-form cutoff alone.
        await UpdateImageAsync(Factory, abandoned.Id, i => i.CreatedAt = DateTime.UtcNow.AddDays(-1).AddMinutes(-1));
        await UpdateImageAsync(Factory, fresh.Id, i => i.CreatedAt = DateTime.UtcNow.AddHours(-2));

        await Factory.Services.GetRequiredService<AbandonedUploadSweeper>().SweepOnceAsync(CancellationToken.None);

        Assert.Null(await RecordAsync(Factory, abandoned.Id));
        Assert.Null(await Parts(Factory).ListPartsAsync(image.ObjectKey, image.MultipartUploadId!, CancellationToken.None));
        Assert.Equal(ImageStatus.Pending, (await RecordAsync(Factory, fresh.Id))!.Status);
        Assert.Equal((1, (long)FileBytes), await UsageAsync(Factory, client.Email!));
        await client.PutPartsOkAsync(fresh.Id, file, 1);
    }

    [Fact]
    public async Task Multipart_AfterComplete_NeitherItsPartUrlsNorAnotherComplete_ChangeTheStoredObject()
    {
        using var client = await SignedInAsync();
        var file = LargeJpeg();
        var start = await client.StartOkAsync();
        var urls = (await client.SignOkAsync(start.Id, 1, 2, 3)).Parts;
        foreach (var part in urls)
            Assert.Equal(HttpStatusCode.OK, (await client.PutPartAsync(part.Url, Part(file, part.PartNumber))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.CompleteMultipartAsync(start.Id)).StatusCode);
        var image = (await RecordAsync(Factory, start.Id))!;

        var evil = LargeJpeg();
        foreach (var part in urls)
            Assert.Equal(HttpStatusCode.NotFound, (await client.PutPartAsync(part.Url, Part(evil, part.PartNumber))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.CompleteMultipartAsync(start.Id)).StatusCode);
        await AssertProblemAsync(await client.SignAsync(start.Id, 1), HttpStatusCode.Conflict);

        Assert.Equal(SHA256.HashData(file), SHA256.HashData(await ReadAllAsync(Factory, client.Http, image.ObjectKey)));
        Assert.Null(await StoredAsync(Factory, StagingKey(image)));
    }

    // Storage assembled the parts, but the app never recorded it (it stopped, or storage's
    // answer was lost on the way): the upload id is spent, and the next complete verifies
    // the object where it is instead of discarding a good file.
    [Fact]
    public async Task Multipart_AssembledByStorageButNotRecorded_IsVerifiedByTheNextComplete()
    {
        using var client = await SignedInAsync();
        var file = LargeJpeg();
        var start = await client.StartOkAsync();
        await client.PutPartsOkAsync(start.Id, file, 1, 2, 3);
        var image = (await RecordAsync(Factory, start.Id))!;
        var parts = (await Parts(Factory).ListPartsAsync(image.ObjectKey, image.MultipartUploadId!, CancellationToken.None))!;
        Assert.True(await Parts(Factory).CompleteAsync(image.ObjectKey, image.MultipartUploadId!, parts, CancellationToken.None));

        var complete = await client.CompleteMultipartAsync(start.Id);

        Assert.True(complete.StatusCode == HttpStatusCode.OK, await Describe(complete));
        Assert.Equal(ImageStatus.AwaitingReview, (await RecordAsync(Factory, start.Id))!.Status);
        Assert.Equal(SHA256.HashData(file), SHA256.HashData(await ReadAllAsync(Factory, client.Http, image.ObjectKey)));
        Assert.Equal((1, (long)file.Length), await UsageAsync(Factory, client.Email!));
    }

    // The upload was aborted in storage behind the app's back (the lifecycle rule) and
    // nothing was assembled: complete says so, and the record and quota go.
    [Fact]
    public async Task Multipart_GoneFromStorage_IsDiscardedOnComplete_NothingKept()
    {
        using var client = await SignedInAsync();
        var file = LargeJpeg();
        var start = await client.StartOkAsync();
        await client.PutPartsOkAsync(start.Id, file, 1, 2, 3);
        var image = (await RecordAsync(Factory, start.Id))!;
        await Parts(Factory).AbortAsync(image.ObjectKey, image.MultipartUploadId!, CancellationToken.None);

        var problem = await AssertProblemAsync(await client.CompleteMultipartAsync(start.Id), HttpStatusCode.UnprocessableEntity);

        Assert.Contains("no longer exists", problem.GetProperty("detail").GetString());
        Assert.Null(await RecordAsync(Factory, start.Id));
        Assert.Null(await StoredAsync(Factory, image.ObjectKey));
        Assert.Equal((0, 0L), await UsageAsync(Factory, client.Email!));
    }

    // UploadPartCopy is UploadPart plus an x-amz-copy-source header. Were storage to take
    // that header on a URL signed for UploadPart, an uploader could copy someone else's
    // original into their own upload, and complete would verify it (it is a real image)
    // and serve it to them. The header is not signed, so storage must refuse it; the
    // embedded store never reads it. Checked by what storage then holds, and by complete.
    [Fact]
    public async Task Multipart_APartUrl_CannotCopySomeoneElsesObjectIntoTheUpload()
    {
        using var victim = await SignedInAsync();
        var secret = TestImages.Jpeg;
        var (presign, completed) = await victim.UploadImageAsync(secret, "image/jpeg");
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        var victimKey = (await RecordAsync(Factory, presign.Id))!.ObjectKey;
        var bucket = Factory is S3GalleryFactory s3 ? s3.BucketName : "gallery";
        using var attacker = await SignedInAsync();
        var start = await attacker.StartOkAsync(size: secret.Length);
        // On S3 the part URL is signed by the upload identity, which may write but not read.
        if (Factory is S3GalleryFactory signed)
            Assert.Contains($"X-Amz-Credential={signed.S3Options.UploadAccessKeyId}%2F", start.Parts[0].Url);

        foreach (var source in new[] { $"{bucket}/{victimKey}", $"/{bucket}/{victimKey}" })
        {
            using var copy = new HttpRequestMessage(HttpMethod.Put, start.Parts[0].Url) { Content = new ByteArrayContent([]) };
            copy.Headers.Add("x-amz-copy-source", source);
            var uri = new Uri(start.Parts[0].Url, UriKind.RelativeOrAbsolute);
            // Whatever storage answers (S3: 403, the header is not signed; embedded: an empty part).
            using var response = await (uri.IsAbsoluteUri ? TestImages.Direct : attacker.Http).SendAsync(copy);
        }

        var secretETag = $"\"{Convert.ToHexStringLower(MD5.HashData(secret))}\"";
        Assert.DoesNotContain((await attacker.ListOkAsync(start.Id)).Parts, p => p.ETag == secretETag || p.Size == secret.Length);
        Assert.NotEqual(HttpStatusCode.OK, (await attacker.CompleteMultipartAsync(start.Id)).StatusCode);
        Assert.True(await RecordAsync(Factory, start.Id) is null or { Status: ImageStatus.Pending });
    }

    // Complete claims the upload in one statement that also checks the owner and the lock:
    // a locked owner is refused and the upload left as it was; a single upload's id is no
    // upload in parts (404); the owner's complete works once the lock is lifted.
    [Fact]
    public async Task Multipart_Complete_ByALockedOwner_Is403_ASingleUploadsIdIs404_AndNothingMoves()
    {
        using var client = await SignedInAsync();
        var file = LargeJpeg();
        var start = await client.StartOkAsync();
        await client.PutPartsOkAsync(start.Id, file, 1, 2, 3);
        var single = await client.PresignOkAsync(Request(size: TestImages.Jpeg.Length));
        await client.UploadOkAsync(single.Upload, TestImages.Jpeg, "image/jpeg");
        await SetAdminLockAsync(Factory, client.Email!, DateTime.UtcNow);

        await AssertProblemAsync(await client.CompleteMultipartAsync(start.Id), HttpStatusCode.Forbidden);
        Assert.Equal(ImageStatus.Pending, (await RecordAsync(Factory, start.Id))!.Status);
        Assert.Null((await RecordAsync(Factory, start.Id))!.UploadedAt);

        await SetAdminLockAsync(Factory, client.Email!, null);
        await AssertProblemAsync(await client.CompleteMultipartAsync(single.Id), HttpStatusCode.NotFound);
        Assert.Equal(ImageStatus.Pending, (await RecordAsync(Factory, single.Id))!.Status);
        Assert.Equal(HttpStatusCode.OK, (await client.CompleteMultipartAsync(start.Id)).StatusCode);
    }

    [Fact]
    public async Task Multipart_ConcurrentCompletesAndAborts_EndInOneOutcome_WithCountersAndStorageToMatch()
    {
        using var client = await SignedInAsync();
        var file = LargeJpeg();
        var start = await client.StartOkAsync();
        var image = (await RecordAsync(Factory, start.Id))!;
        await client.PutPartsOkAsync(start.Id, file, 1, 2, 3);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            i % 3 == 2 ? client.AbortAsync(start.Id) : client.CompleteMultipartAsync(start.Id)));

        Assert.All(answers, a => Assert.True((int)a.StatusCode is 200 or 204 or 404 or 409, a.StatusCode.ToString()));
        var now = await RecordAsync(Factory, start.Id);
        if (now is null)
        {
            Assert.Equal((0, 0L), await UsageAsync(Factory, client.Email!));
            Assert.Null(await StoredAsync(Factory, image.ObjectKey));
        }
        else
        {
            Assert.Equal(ImageStatus.AwaitingReview, now.Status);
            Assert.Equal((1, (long)file.Length), await UsageAsync(Factory, client.Email!));
            Assert.Equal(SHA256.HashData(file), SHA256.HashData(await ReadAllAsync(Factory, client.Http, image.ObjectKey)));
        }
        Assert.Null(await StoredAsync(Factory, StagingKey(image)));
        Assert.Null(await Parts(Factory).ListPartsAsync(image.ObjectKey, image.MultipartUploadId!, CancellationToken.None));
    }

    [Fact]
    public async Task Multipart_WithoutAThumbnail_TilesAsAPlaceholder_NeverAsTheLargeOriginal()
    {
        using var client = await SignedInAsync();
        var file = LargeJpeg();
        var start = await client.StartOkAsync();
        await client.PutPartsOkAsync(start.Id, file, 1, 2, 3);

        var tile = (await (await client.CompleteMultipartAsync(start.Id)).Content.ReadFromJsonAsync<ImageTile>(Json))!;

        Assert.Null(tile.ThumbnailUrl);
        var page = await client.GetPageAsync("/");
        var li = page.QuerySelector($"li.tile[data-image-id='{start.Id}']")!;
        Assert.Null(li.QuerySelector("img"));
        Assert.Contains("No preview", li.QuerySelector(".tile-placeholder")!.TextContent);
    }
}

public sealed class EmbeddedMultipartUploadTests(MultipartFactory factory) : MultipartUploadTests<MultipartFactory>(factory);

public sealed class S3MultipartUploadTests(S3MultipartFactory factory) : MultipartUploadTests<S3MultipartFactory>(factory);

public sealed class PostgresMultipartUploadTests(PostgresMultipartFactory factory) : MultipartUploadTests<PostgresMultipartFactory>(factory);
