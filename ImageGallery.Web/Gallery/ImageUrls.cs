using ImageGallery.Web.Data;
using ImageGallery.Web.Hosting;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Gallery;

// Who is looking: the owner sees what moderation allows; an admin sees everything
// that was uploaded (that is how review works).
public enum Viewer { Owner, Admin }

// What an image's URLs are made from, whichever query loaded it.
// Size decides whether the original may stand in for a missing thumbnail (0: small).
public sealed record ImageObjects(
    ImageStatus Status, string FileName, string ContentType, string ObjectKey,
    string? ThumbnailKey, string? ThumbnailContentType, long Size = 0);

// The one rule for which bytes of an image may be shown to whom, for every route
// that signs a URL: gallery tiles, complete's answer, the image page, the download,
// the admin queue. Under pre-moderation, no URL of an original awaiting review is ever
// signed for its owner: the tile shows the browser-made thumbnail or nothing.
public sealed class ImageUrls(ViewUrls urls, IOptions<GalleryOptions> options, IOptions<Uploads.UploadOptions> uploads)
{
    public bool ServesOriginal(ImageStatus status, Viewer viewer) => status switch
    {
        ImageStatus.Pending => false,
        _ when viewer == Viewer.Admin => true,
        // Trashed and Purging fall through to false for the owner.
        ImageStatus.Approved => true,
        ImageStatus.AwaitingReview => options.Value.Moderation == ModerationMode.Post,
        _ => false,
    };

    // Rejected images show nothing to their owner, not even the thumbnail.
    // Nor are images in the trash served to their owner (Trash/): a deleted image stops
    // showing at once, though it can still be restored.
    public bool ServesThumbnail(ImageStatus status, Viewer viewer) =>
        status != ImageStatus.Pending
        && (viewer == Viewer.Admin || status is not (ImageStatus.Rejected or ImageStatus.Trashed or ImageStatus.Purging));

    // Null when the original is not served to this viewer.
    public Uri? Original(ImageObjects o, Viewer viewer, bool download = false) =>
        ServesOriginal(o.Status, viewer) ? urls.For(o.ObjectKey, o.ContentType, o.FileName, download) : null;

    // A tile: the browser-made thumbnail when there is one, else the original where it
    // is served; null when neither may be shown. A large original (above the multipart
    // threshold) never stands in: a page of tiles must not pull in a gigabyte, so the
    // tile shows a placeholder; so does one browsers cannot show (HEIC).
    public Uri? Preview(ImageObjects o, Viewer viewer)
    {
        if (!ServesThumbnail(o.Status, viewer)) return null;
        if (o.ThumbnailKey is { } key && o.ThumbnailContentType is { } type)
            return urls.For(key, type, ThumbnailName(o.FileName, type));
        return o.Size > uploads.Value.MultipartThresholdBytes || !Uploads.ImageFormats.BrowsersShow(o.ContentType)
            ? null : Original(o, viewer);
    }

    // What the image page shows in its <img>: the original, unless browsers cannot show its
    // type (HEIC): then the thumbnail, on the same terms as the original. Download and
    // "View original" still give the original itself.
    public Uri? View(ImageObjects o, Viewer viewer) =>
        Uploads.ImageFormats.BrowsersShow(o.ContentType) ? Original(o, viewer)
        : ServesOriginal(o.Status, viewer) ? Preview(o, viewer) : null;

    // The trash page only (Trash/TrashService): the owner sees the preview the gallery's
    // tile showed before the delete (by the status it had then: a rejected image still
    // shows nothing), so they can tell what they restore. Nothing else ever signs a URL of
    // a trashed image for its owner: not the gallery, the image page, the download, nor
    // the fresh-URL API, which all ask with the image's own status (Trashed).
    public Uri? TrashPreview(ImageObjects o, ImageStatus? statusBefore) =>
        o.Status == ImageStatus.Trashed && statusBefore is { } before && before != ImageStatus.Trashed
            ? Preview(o with { Status = before }, Viewer.Owner)
            : null;

    // "Save image as" on a tile should not offer a WebP thumbnail named cat.jpg.
    private static string ThumbnailName(string fileName, string contentType) =>
        $"{Path.GetFileNameWithoutExtension(fileName)}-thumbnail.{Uploads.ObjectKeys.Extension(contentType)}";
}
