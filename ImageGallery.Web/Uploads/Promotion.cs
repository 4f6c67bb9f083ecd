using ImageGallery.Web.Data;
using ImageGallery.Web.Storage;
using Microsoft.EntityFrameworkCore;

namespace ImageGallery.Web.Uploads;

// Staging key -> permanent key, for an upload whose bytes are at its staging keys:
// the server copies each object, verifies THE COPY (size, Content-Type, magic number),
// deletes the staging object, then moves the record from Pending with a conditional
// UPDATE. What a browser can still write (the staging key) is never what is served.
internal sealed class Promotion(GalleryDbContext db, IObjectStore store, UploadService uploads, TimeProvider time, ILogger logger)
{
    // Tile when verified (by this call or a racing one); Problem when the original failed
    // a check; neither when the record is gone.
    public sealed record Outcome(ImageTile? Tile, string? Problem);

    public async Task<Outcome> RunAsync(Image image, CancellationToken ct)
    {
        var original = await PromoteAsync(MultipartUploadService.Staging(image, ObjectVariant.Original),
            image.ObjectKey, image.ContentType, image.Size, ct);
        if (original == UploadService.Verification.Missing || original.Problem is not null)
        {
            // A racing complete may have promoted it and moved the record on already.
            var now = await db.Images.AsNoTracking().SingleOrDefaultAsync(i => i.Id == image.Id, ct);
            if (now is null) return new(null, null);
            if (now.Status != ImageStatus.Pending) return new(uploads.Tile(now), null);
            return new(null, original.Problem ?? "The file is not in storage.");
        }

        var dropped = false;
        if (image.ThumbnailKey is { } thumbKey && await PromoteAsync(MultipartUploadService.Staging(image, ObjectVariant.Thumb),
                thumbKey, image.ThumbnailContentType!, image.ThumbnailSize ?? 0, ct) is { Check: not null } thumb)
        {
            await store.DeleteAsync(thumbKey, ct);
            dropped = true;
            logger.LogInformation("Thumbnail of upload {ImageId} dropped ({Check})", image.PublicId, thumb.Check);
        }

        var uploadedAt = time.GetUtcNow().UtcDateTime;
        var moved = await db.InTransactionAsync(async () =>
        {
            var rows = dropped
                ? await db.Images.Where(i => i.Id == image.Id && i.Status == ImageStatus.Pending)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(i => i.Status, ImageStatus.AwaitingReview)
                        .SetProperty(i => i.UploadedAt, uploadedAt)
                        .SetProperty(i => i.ThumbnailKey, (string?)null)
                        .SetProperty(i => i.ThumbnailContentType, (string?)null)
                        .SetProperty(i => i.ThumbnailSize, (long?)null), ct)
                : await db.Images.Where(i => i.Id == image.Id && i.Status == ImageStatus.Pending)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(i => i.Status, ImageStatus.AwaitingReview)
                        .SetProperty(i => i.UploadedAt, uploadedAt), ct);
            // Only the call that moved the record gives the thumbnail's bytes back.
            if (rows == 1 && dropped) await db.ReleaseAsync(image.OwnerId, 0, image.ThumbnailSize ?? 0, ct);
            return rows == 1;
        }, ct);

        var current = await db.Images.AsNoTracking().SingleOrDefaultAsync(i => i.Id == image.Id, ct);
        if (current is null) return new(null, null);
        if (moved) logger.LogInformation("Upload {ImageId} of user {UserId} verified", image.PublicId, image.OwnerId);
        return new(uploads.Tile(current), null);
    }

    private async Task<UploadService.Verification> PromoteAsync(string staging, string permanent, string contentType, long size, CancellationToken ct)
    {
        if (!await store.CopyAsync(staging, permanent, ct) && await store.GetInfoAsync(permanent, ct) is null)
            return UploadService.Verification.Missing;
        var verification = await uploads.VerifyAsync(permanent, contentType, size, ct);
        await store.DeleteAsync(staging, ct);
        return verification;
    }
}
