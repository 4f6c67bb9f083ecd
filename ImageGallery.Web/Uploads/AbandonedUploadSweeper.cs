using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using ImageGallery.Web.Hosting;
using ImageGallery.Web.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Uploads;

// A form that was issued but never completed leaves a Pending record, and maybe an
// object nobody will look at. Once the form has expired and a grace period for a
// slow upload has passed, both go. So does anything under the staging prefix that
// belongs to no Pending upload (a form re-sent after complete or delete): it is never
// served or counted, and this is what removes it in the embedded store (on S3 a
// lifecycle rule on incoming/ does too).
public sealed class AbandonedUploadSweeper(
    IServiceScopeFactory scopes,
    IObjectStore store,
    IOptions<UploadOptions> options,
    TimeProvider time,
    GalleryMetrics metrics,
    ILogger<AbandonedUploadSweeper> logger) : PeriodicService(time, logger)
{
    private const int BatchSize = 100;

    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override Task RunOnceAsync(CancellationToken ct) => SweepOnceAsync(ct);

    // Returns how many abandoned uploads were deleted (staging leftovers not counted).
    public async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        var deleted = await SweepPendingAsync(ct);
        deleted += await SweepMultipartAsync(ct);
        await SweepStagingAsync(ct);
        return deleted;
    }

    private DateTime Cutoff()
    {
        var o = options.Value;
        return Time.GetUtcNow().UtcDateTime - o.FormLifetime - o.AbandonedGrace;
    }

    private async Task<int> SweepPendingAsync(CancellationToken ct)
    {
        var cutoff = Cutoff();
        var deleted = 0;
        long after = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
            var deleter = scope.ServiceProvider.GetRequiredService<ImageDeleter>();
            var batch = await db.Images.AsNoTracking()
                .Where(i => i.Status == ImageStatus.Pending && i.PartSize == null && i.CreatedAt < cutoff && i.Id > after)
                .OrderBy(i => i.Id).Take(BatchSize).ToListAsync(ct);
            foreach (var image in batch)
            {
                // Stopping ends the sweep between images, never inside one (objects gone, record kept).
                if (ct.IsCancellationRequested) return deleted;
                after = image.Id;
                // Claimed first: a complete that got there first wins, and one arriving
                // now waits for this claim and then finds nothing.
                if (await db.TryClaimAsync(image.Id, Time.GetUtcNow().UtcDateTime, ct, createdBefore: cutoff) is not { } claim)
                    continue;
                await deleter.DeleteObjectsAsync(image, CancellationToken.None);
                var gone = await db.InTransactionAsync(async () =>
                {
                    if (await db.Claimed(image.Id, claim).ExecuteDeleteAsync(CancellationToken.None) != 1) return false;
                    await db.ReleaseAsync(image.OwnerId, 1, image.StoredBytes(), CancellationToken.None);
                    return true;
                }, CancellationToken.None);
                if (!gone) continue;
                Logger.LogInformation("Abandoned upload {ImageId} of user {UserId} deleted: {Bytes} bytes released",
                    image.PublicId, image.OwnerId, image.StoredBytes());
                metrics.Swept();
                deleted++;
            }
            if (batch.Count < BatchSize) return deleted;
        }
    }

    // Large uploads may be resumed hours later: they have their own, longer cutoff.
    private async Task<int> SweepMultipartAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MultipartUploadService>().SweepAbandonedAsync(ct);
    }

    // incoming/{user}/{image}/{variant}.{ext}: kept only while its image is Pending.
    private async Task SweepStagingAsync(CancellationToken ct)
    {
        var cutoff = new DateTimeOffset(Cutoff(), TimeSpan.Zero);
        var page = new List<(string Key, Guid ImageId)>(BatchSize);
        await foreach (var o in store.ListAsync(ObjectKeys.StagingRoot, ct))
        {
            if (o.LastModified >= cutoff) continue;
            var parts = o.Key.Split('/');
            // Not a key the app minted: nothing can serve it, so it goes too.
            var imageId = parts.Length == 4 && Guid.TryParse(parts[2], out var id) ? id : Guid.Empty;
            page.Add((o.Key, imageId));
            if (page.Count == BatchSize)
            {
                await DeleteUnclaimedAsync(page, ct);
                page.Clear();
            }
        }
        if (page.Count > 0) await DeleteUnclaimedAsync(page, ct);
    }

    private async Task DeleteUnclaimedAsync(List<(string Key, Guid ImageId)> page, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
        var ids = page.Select(p => p.ImageId).Distinct().ToList();
        var pending = (await db.Images
            .Where(i => ids.Contains(i.PublicId) && i.Status == ImageStatus.Pending)
            .Select(i => i.PublicId).ToListAsync(ct)).ToHashSet();
        foreach (var (key, imageId) in page)
        {
            if (pending.Contains(imageId)) continue;
            await store.DeleteAsync(key, ct);
            Logger.LogInformation("Staging leftover {Key} deleted", key);
        }
    }
}
