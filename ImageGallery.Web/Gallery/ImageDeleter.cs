using ImageGallery.Web.Data;
using ImageGallery.Web.Storage;

namespace ImageGallery.Web.Gallery;

// The one way an image goes away, for its owner, an admin or the sweeper: objects
// first, then the record, so a storage failure never leaves an orphaned object
// that no record points to. The owner's usage is released with the record.
public sealed class ImageDeleter(GalleryDbContext db, IObjectStore store)
{
    public async Task DeleteAsync(Image image, CancellationToken ct)
    {
        await store.DeleteAsync(image.ObjectKey, ct);
        if (image.ThumbnailKey is not null) await store.DeleteAsync(image.ThumbnailKey, ct);
        await db.InTransactionAsync(async () =>
        {
            db.Images.Remove(image);
            await db.SaveChangesAsync(ct);
            await db.ReleaseAsync(image.OwnerId, 1, image.StoredBytes(), ct);
            return true;
        }, ct);
    }
}
