using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using ImageGallery.Web.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Uploads;

// A form that was issued but never completed leaves a Pending record, and maybe an
// object nobody will look at. Once the form has expired and a grace period for a
// slow upload has passed, both go.
public sealed class AbandonedUploadSweeper(
    IServiceScopeFactory scopes,
    IOptions<UploadOptions> options,
    TimeProvider time,
    ILogger<AbandonedUploadSweeper> logger) : BackgroundService
{
    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepOnceAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Storage or database down: the next round tries again.
                    logger.LogError(e, "Sweeping abandoned uploads failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // Returns how many abandoned uploads were deleted.
    public async Task<int> SweepOnceAsync(CancellationToken ct) => await SweepFormsAsync(ct) + await SweepMultipartAsync(ct);

    private async Task<int> SweepFormsAsync(CancellationToken ct)
    {
        var o = options.Value;
        var cutoff = time.GetUtcNow().UtcDateTime - o.FormLifetime - o.AbandonedGrace;
        var deleted = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
            var deleter = scope.ServiceProvider.GetRequiredService<ImageDeleter>();
            var batch = await db.Images
                .Where(i => i.Status == ImageStatus.Pending && i.PartSize == null && i.CreatedAt < cutoff)
                .OrderBy(i => i.Id).Take(BatchSize).ToListAsync(ct);
            foreach (var image in batch)
            {
                await deleter.DeleteAsync(image, ct);
                logger.LogInformation("Abandoned upload {ImageId} of user {UserId} deleted", image.PublicId, image.OwnerId);
                deleted++;
            }
            if (batch.Count < BatchSize) return deleted;
        }
    }

    // Multipart uploads live longer (a large file may be resumed hours later): after
    // Uploads:MultipartAbandonedAfter the upload is aborted in storage, its staging
    // objects removed and its record deleted only if it is still Pending at that moment.
    private async Task<int> SweepMultipartAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow() - options.Value.MultipartAbandonedAfter;
        var cutoffUtc = cutoff.UtcDateTime;
        var deleted = 0;
        long after = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
            var uploads = scope.ServiceProvider.GetRequiredService<MultipartUploadService>();
            var batch = await db.Images.AsNoTracking()
                .Where(i => i.Status == ImageStatus.Pending && i.PartSize != null && i.CreatedAt < cutoffUtc && i.Id > after)
                .OrderBy(i => i.Id).Take(BatchSize).ToListAsync(ct);
            foreach (var image in batch)
            {
                after = image.Id;
                if (!await uploads.ForgetAsync(image, ct)) continue;
                logger.LogInformation("Abandoned multipart upload {ImageId} of user {UserId} aborted", image.PublicId, image.OwnerId);
                deleted++;
            }
            if (batch.Count < BatchSize) break;
        }

        // The embedded store has no lifecycle rule: uploads nobody recorded (a crash
        // between start and record) go after the same time.
        await using (var scope = scopes.CreateAsyncScope())
        {
            if (scope.ServiceProvider.GetRequiredService<IMultipartStore>() is EmbeddedMultipartStore embedded)
                foreach (var id in embedded.UploadsStartedBefore(cutoff).ToList())
                    await embedded.AbortAsync("", id, ct);
        }
        return deleted;
    }
}
