using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using ImageGallery.Web.Hosting;
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
    GalleryMetrics metrics,
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
    public async Task<int> SweepOnceAsync(CancellationToken ct)
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
                .Where(i => i.Status == ImageStatus.Pending && i.CreatedAt < cutoff)
                .OrderBy(i => i.Id).Take(BatchSize).ToListAsync(ct);
            foreach (var image in batch)
            {
                // Stopping ends the sweep between images, never inside one (objects gone, record kept).
                if (ct.IsCancellationRequested) return deleted;
                await deleter.DeleteAsync(image, CancellationToken.None);
                logger.LogInformation("Abandoned upload {ImageId} of user {UserId} deleted: {Bytes} bytes released",
                    image.PublicId, image.OwnerId, image.StoredBytes());
                metrics.Swept();
                deleted++;
            }
            if (batch.Count < BatchSize) return deleted;
        }
    }
}
