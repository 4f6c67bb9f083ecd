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
    ILogger<AbandonedUploadSweeper> logger) : PeriodicService(time, logger)
{
    private const int BatchSize = 100;

    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override Task RunOnceAsync(CancellationToken ct) => SweepOnceAsync(ct);

    // Returns how many abandoned uploads were deleted.
    public async Task<int> SweepOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        var cutoff = Time.GetUtcNow().UtcDateTime - o.FormLifetime - o.AbandonedGrace;
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
                await deleter.DeleteAsync(image, ct);
                Logger.LogInformation("Abandoned upload {ImageId} of user {UserId} deleted", image.PublicId, image.OwnerId);
                deleted++;
            }
            if (batch.Count < BatchSize) return deleted;
        }
    }
}
