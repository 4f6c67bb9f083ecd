using ImageGallery.Web.Data;
using ImageGallery.Web.Hosting;
using ImageGallery.Web.Gallery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Trash;

// Deletes for good what has been in the trash for Gallery:TrashRetention, and what a
// person deleted for ever. Safe with several app instances at once:
// 1. claim: Trashed -> Purging, one conditional UPDATE (a restore racing it is the
//    other conditional UPDATE on the same row: exactly one of them wins);
// 2. delete the objects (idempotent: two purgers deleting the same key is harmless);
// 3. delete the row WHERE Status = Purging; only the purger whose DELETE removed it
//    (row count 1) releases the quota, in the same transaction.
// A purge that dies between 2 and 3 leaves a Purging row, which the next round finishes.
public sealed class TrashPurger(
    IServiceScopeFactory scopes,
    IOptions<GalleryOptions> options,
    TimeProvider time,
    ILogger<TrashPurger> logger) : PeriodicService(time, logger)
{
    private const int BatchSize = 100;

    protected override TimeSpan Interval => options.Value.TrashPurgeInterval;

    protected override Task RunOnceAsync(CancellationToken ct) => PurgeDueAsync(ct);

    // Claims everything past its retention, then purges every claimed image. Returns
    // how many rows this call deleted (and released).
    public async Task<int> PurgeDueAsync(CancellationToken ct)
    {
        var cutoff = Time.GetUtcNow().UtcDateTime - options.Value.TrashRetention;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
            var claimed = await db.Images.Where(i => i.Status == ImageStatus.Trashed && i.TrashedAt <= cutoff)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImageStatus.Purging), ct);
            if (claimed > 0) Logger.LogInformation("{Count} trashed images past their retention claimed for purging", claimed);
        }
        return await PurgeClaimedAsync(ownerId: null, ct);
    }

    // Purges claimed images: one owner's (a delete for ever, an emptied trash) or everyone's.
    public async Task<int> PurgeClaimedAsync(string? ownerId, CancellationToken ct)
    {
        var purged = 0;
        long after = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
            var deleter = scope.ServiceProvider.GetRequiredService<ImageDeleter>();
            var q = db.Images.AsNoTracking().Where(i => i.Status == ImageStatus.Purging && i.Id > after);
            if (ownerId is not null) q = q.Where(i => i.OwnerId == ownerId);
            var batch = await q.OrderBy(i => i.Id).Take(BatchSize).ToListAsync(ct);
            foreach (var image in batch)
            {
                await deleter.DeleteObjectsAsync(image, ct);
                var released = await db.InTransactionAsync(async () =>
                {
                    var deleted = await db.Images.Where(i => i.Id == image.Id && i.Status == ImageStatus.Purging).ExecuteDeleteAsync(ct);
                    if (deleted == 1) await db.ReleaseAsync(image.OwnerId, 1, image.StoredBytes(), ct);
                    return deleted == 1;
                }, ct);
                if (released)
                {
                    purged++;
                    Logger.LogInformation("Image {ImageId} of user {UserId} purged from the trash", image.PublicId, image.OwnerId);
                }
            }
            if (batch.Count < BatchSize) return purged;
            after = batch[^1].Id;
        }
    }
}
