using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageGallery.Tests.Hosting;

public class ShutdownTests
{
    [Fact]
    public async Task Stopping_WritesEveryQueuedPresign_BeforeTheWriterStops()
    {
        using var factory = new GalleryFactory();
        using var client = await factory.CreateGalleryClient().SignUpAsync();
        var ownerId = await ImageSeeder.UserIdAsync(factory, client.Email!);
        var writer = factory.Services.GetRequiredService<PendingUploadWriter>();

        // Far more than one batch, queued at once, then the host is told to stop.
        var now = DateTimeOffset.UtcNow;
        var queued = Enumerable.Range(0, 2000).Select(_ => writer.RecordAsync(Pending(ownerId, now), 100_000, long.MaxValue)).ToList();
        await factory.Services.GetRequiredService<IHost>().StopAsync();

        var results = await Task.WhenAll(queued);
        Assert.All(results, Assert.True);
        Assert.Throws<InvalidOperationException>(() => { _ = writer.RecordAsync(Pending(ownerId, now), 100_000, long.MaxValue); });

        // The stopped host's services may be gone: the next start over the same data reads it.
        using var restarted = new GalleryFactory(new Dictionary<string, string?>(), factory.DataDirectory);
        await using var scope = restarted.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
        Assert.Equal(2000, await db.Images.CountAsync(i => i.OwnerId == ownerId));
        Assert.Equal(2000, (await db.Users.SingleAsync(u => u.Id == ownerId)).ImageCount);
    }

    private static Image Pending(string ownerId, DateTimeOffset now)
    {
        var id = Guid.NewGuid();
        return new Image
        {
            PublicId = id, OwnerId = ownerId, FileName = "photo.jpg", ContentType = "image/jpeg", Size = 5323,
            ObjectKey = ObjectKeys.Original(ownerId, id, "image/jpeg"), Status = ImageStatus.Pending, CreatedAt = now.UtcDateTime,
        };
    }
}
