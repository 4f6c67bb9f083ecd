using ImageGallery.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ImageGallery.Web.Gallery;

// OriginalUrl is null where the original is not served: rejected images, and images
// still awaiting review under pre-moderation. View is what the page's <img> shows (ImageUrls.View):
// null as well when the original is HEIC and there is neither display copy nor thumbnail.
public sealed record ImageDetails(
    Guid Id, string FileName, string ContentType, long Size, int? Width, int? Height,
    string? Caption, ImageStatus Status, string? RejectionReason, DateTime UploadedAt, Uri? OriginalUrl,
    DateTime? TakenAt = null, PhotoFacts? Facts = null, ImageView? View = null)
{
    public string Alt => TileFactory.AltText(Caption, FileName);
}

// One image, for its owner only. The owner is part of every query, so someone else's id
// finds nothing, exactly like an id that never existed; pages answer 404 for both.
public sealed class ImageService(GalleryDbContext db, ImageUrls urls)
{
    public const int MaxCaptionLength = 500;

    public async Task<ImageDetails?> GetAsync(string ownerId, Guid id, CancellationToken ct)
    {
        var image = await Owned(ownerId, id).AsNoTracking().FirstOrDefaultAsync(ct);
        if (image is null) return null;
        var objects = ImageObjects.From(image);
        return new ImageDetails(image.PublicId, image.FileName, image.ContentType, image.Size, image.Width, image.Height,
            image.Caption, image.Status, image.RejectionReason, image.UploadedAt ?? image.CreatedAt,
            urls.Original(objects, Viewer.Owner), image.TakenAt, image.Facts, urls.View(objects, Viewer.Owner));
    }

    // The same URLs the gallery and the image page render, signed now, for the owner's
    // images among `ids`; anything else is left out.
    public async Task<IReadOnlyList<FreshImageUrls>> FreshUrlsAsync(string ownerId, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var rows = await db.Images
            .Where(i => i.OwnerId == ownerId && ids.Contains(i.PublicId) && i.Status != ImageStatus.Pending)
            .Select(TileRow.Projection).ToListAsync(ct);
        return rows.Select(r =>
        {
            var view = urls.View(r.Objects, Viewer.Owner);
            return new FreshImageUrls(r.PublicId, urls.Preview(r.Objects, Viewer.Owner), view?.Src, view?.Srcset);
        }).ToList();
    }

    // The original, as a download or to view in the browser; null when there is nothing
    // to give (not found, or not served).
    public async Task<Uri?> OriginalUrlAsync(string ownerId, Guid id, bool download, CancellationToken ct)
    {
        var image = await Owned(ownerId, id).Select(ImageObjects.Projection).FirstOrDefaultAsync(ct);
        return image is null ? null : urls.Original(image, Viewer.Owner, download);
    }

    // False when there is no such image for this owner. Blank clears the caption.
    public async Task<bool> SetCaptionAsync(string ownerId, Guid id, string? caption, CancellationToken ct)
    {
        var value = string.IsNullOrWhiteSpace(caption) ? null : caption.Trim();
        if (value?.Length > MaxCaptionLength) throw new ArgumentException("The caption is too long.", nameof(caption));
        var changed = await Owned(ownerId, id).ExecuteUpdateAsync(s => s.SetProperty(i => i.Caption, value), ct);
        return changed == 1;
    }

    // Pending images do not exist for the gallery yet (the upload has not been verified),
    // and trashed ones no longer do: only the trash page knows them.
    private IQueryable<Image> Owned(string ownerId, Guid id) =>
        db.Images.Where(i => i.OwnerId == ownerId && i.PublicId == id && Trash.TrashService.Trashable.Contains(i.Status));
}
