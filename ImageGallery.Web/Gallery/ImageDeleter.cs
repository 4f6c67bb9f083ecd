using ImageGallery.Web.Data;
using ImageGallery.Web.Storage;
using ImageGallery.Web.Uploads;
using Microsoft.EntityFrameworkCore;

namespace ImageGallery.Web.Gallery;

// The one way an image goes away, for its owner or an admin: objects first, then the
// record, so a storage failure never leaves an orphaned object that no record points
// to. The record goes with one conditional DELETE (the status and thumbnail it had
// when its objects were deleted); only the caller whose DELETE removed the row
// releases the owner's usage, in the same transaction, so two deletions racing (or a
// deletion racing a complete that drops a thumbnail) never release twice.
public sealed class ImageDeleter(GalleryDbContext db, IObjectStore store, IMultipartStore multipart)
{
    private const int MaxAttempts = 3;

    // True when this call removed the record; false when someone else did meanwhile.
    // Entries the caller added to the context (audit) are saved with the deletion only.
    public async Task<bool> DeleteAsync(Image image, CancellationToken ct)
    {
        var current = image;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            await DeleteObjectsAsync(current, ct);
            var (id, status, thumbnailSize, displaySize, owner, bytes) =
                (current.Id, current.Status, current.ThumbnailSize, current.DisplaySize, current.OwnerId, current.StoredBytes());
            var deleted = await db.InTransactionAsync(async () =>
            {
                var rows = await db.Images
                    .Where(i => i.Id == id && i.Status == status && i.ThumbnailSize == thumbnailSize && i.DisplaySize == displaySize)
                    .ExecuteDeleteAsync(ct);
                if (rows != 1) return false;
                await db.ReleaseAsync(owner, 1, bytes, ct);
                await db.SaveChangesAsync(ct);
                return true;
            }, ct);
            if (deleted) return true;
            // Changed meanwhile (completed, thumbnail dropped, reviewed): delete what it is now.
            var now = await db.Images.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct);
            if (now is null) return false;
            current = now;
        }
        throw new InvalidOperationException($"Image {image.PublicId} kept changing while it was being deleted.");
    }

    // Permanent objects, and for an upload not completed yet the staging ones too. An
    // upload still in parts is aborted first: its parts are no object a delete reaches,
    // and its part URLs would otherwise keep writing (and storage keep billing) until
    // the lifecycle rule; once aborted its upload id refuses every part.
    public async Task DeleteObjectsAsync(Image image, CancellationToken ct)
    {
        if (image is { Status: ImageStatus.Pending, MultipartUploadId: { } uploadId })
            await multipart.AbortAsync(image.ObjectKey, uploadId, ct);
        foreach (var key in Keys(image, staging: image.Status == ImageStatus.Pending))
            await store.DeleteAsync(key, ct);
    }

    public static IEnumerable<string> Keys(Image image, bool staging)
    {
        yield return image.ObjectKey;
        foreach (var variant in BrowserVariants.Of(image)) yield return variant.Key;
        if (!staging) yield break;
        yield return ObjectKeys.StagedOriginal(image);
        foreach (var variant in BrowserVariants.Of(image)) yield return variant.StagingKey(image);
    }
}
