using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Security;

// "Every stored byte is counted, exactly": completes, deletes and sweeps fired at the
// same uploads at once, then the counters are checked against a recount of the table.
public abstract class ConcurrentTransitionTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : GalleryFactory, new()
{
    private const int Uploads = 6;
    private const int CompletesEach = 4;

    [Fact]
    public async Task ConcurrentCompletesDeletesAndSweeps_KeepTheCountersEqualToARecount()
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync();
        var userId = await ImageSeeder.UserIdAsync(factory, client.Email!);
        var ids = new List<Guid>();
        for (var i = 0; i < Uploads; i++)
        {
            // Every thumbnail is announced and never arrives (or is wrong): each complete
            // that wins drops it and gives its bytes back, which must happen once.
            var presign = await client.PresignOkAsync(Request("photo.jpg", "image/jpeg", TestImages.Jpeg.Length,
                Thumbnail("image/webp", 1000 + i)));
            await client.UploadOkAsync(presign.Upload, TestImages.Jpeg, "image/jpeg");
            ids.Add(presign.Id);
        }
        var before = await factory.UsageAsync(userId);
        Assert.Equal(before.Recounted, before.Counted);

        var work = new List<Task<HttpResponseMessage?>>();
        foreach (var (id, n) in ids.Select((id, n) => (id, n)))
        {
            for (var c = 0; c < CompletesEach; c++) work.Add(Send(() => client.CompleteAsync(id)));
            // Half of them are also deleted while they are being completed.
            if (n % 2 == 0) work.Add(Send(() => client.DeleteImageAsync(id)));
        }
        // Sweeps that see every upload as abandoned, racing the completes.
        for (var s = 0; s < 3; s++)
            work.Add(Task.Run<HttpResponseMessage?>(async () => { await factory.SweepAsync(TimeSpan.FromHours(2)); return null; }));
        var responses = await Task.WhenAll(work);

        foreach (var r in responses.OfType<HttpResponseMessage>())
            Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent or HttpStatusCode.NotFound
                or HttpStatusCode.Conflict, await Describe(r));
        var after = await factory.UsageAsync(userId);
        Assert.Equal(after.Recounted, after.Counted);
        Assert.True(after.Counted.BytesUsed >= 0 && after.Counted.ImageCount >= 0);

        // And nothing is stored that no record counts.
        var stored = await factory.KeysAsync(Web.Uploads.ObjectKeys.PermanentPrefix(userId));
        foreach (var key in stored)
        {
            var id = Guid.Parse(key.Split('/')[2]);
            var image = await FindImageAsync(factory, id);
            Assert.True(image is not null && image.Status != ImageStatus.Pending, $"{key} is stored for no completed image.");
        }
    }

    private static Task<HttpResponseMessage?> Send(Func<Task<HttpResponseMessage>> call) =>
        Task.Run<HttpResponseMessage?>(async () => await call());
}

public sealed class EmbeddedConcurrentTransitionTests(GalleryFactory factory) : ConcurrentTransitionTests<GalleryFactory>(factory);

public sealed class S3ConcurrentTransitionTests(S3GalleryFactory factory) : ConcurrentTransitionTests<S3GalleryFactory>(factory);

public sealed class PostgresConcurrentTransitionTests(PostgresGalleryFactory factory) : ConcurrentTransitionTests<PostgresGalleryFactory>(factory);
