using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Uploads;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.SharedState;

// Every instance runs its own sweeper. Over one database and one store, sweepers racing
// over the same abandoned uploads delete each exactly once and release its quota once.
public class TwoSweepersTests
{
    private const int Abandoned = 8;

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task SweepersOnTwoInstances_RacingOverTheSameAbandonedUploads_DeleteEachOnce(TestDatabase database)
    {
        using var instances = new TwoInstances(database, redis: null);
        using var person = await instances.Browser(instances.A).SignUpAsync();
        var userId = await ImageSeeder.UserIdAsync(instances.A, person.Email!);
        for (var i = 0; i < Abandoned; i++)
        {
            // The original arrives, the announced thumbnail never does; nobody completes.
            var presign = await person.PresignOkAsync(Request("photo.jpg", "image/jpeg", TestImages.Jpeg.Length,
                Thumbnail("image/webp", 1000 + i)));
            await person.UploadOkAsync(presign.Upload, TestImages.Jpeg, "image/jpeg");
        }
        var before = await instances.A.UsageAsync(userId);
        Assert.Equal(Abandoned, before.Counted.ImageCount);

        var sweeps = await Task.WhenAll(Enumerable.Range(0, 6).Select(n =>
            Task.Run(() => (n % 2 == 0 ? instances.A : instances.B).SweepAsync(TimeSpan.FromHours(2)))));

        Assert.Equal(Abandoned, sweeps.Sum());
        var after = await instances.B.UsageAsync(userId);
        Assert.Equal(after.Recounted, after.Counted);
        Assert.Equal(new StorageProbe.Usage(0, 0), after.Counted);
        Assert.Empty(await instances.A.UserKeysAsync(userId));
    }
}
