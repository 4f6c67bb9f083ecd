using System.Globalization;
using System.Linq.Expressions;
using ImageGallery.Web.Data;
using ImageGallery.Web.Hosting;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Gallery;

// Who is looking: the owner sees what moderation allows; an admin sees everything
// that was uploaded (that is how review works).
public enum Viewer { Owner, Admin }

// What an image's URLs are made from, whichever query loaded it.
// Size decides whether the original may stand in for a missing thumbnail (0: small).
// Width and Height are the original's; DisplayWidth the display copy's (for srcset).
public sealed record ImageObjects(
    ImageStatus Status, string FileName, string ContentType, string ObjectKey,
    string? ThumbnailKey, string? ThumbnailContentType, long Size = 0,
    string? DisplayKey = null, string? DisplayContentType = null, int? DisplayWidth = null,
    int? Width = null, int? Height = null)
{
    // For queries: EF translates it into the columns it needs.
    public static readonly Expression<Func<Image, ImageObjects>> Projection = i => new ImageObjects(
        i.Status, i.FileName, i.ContentType, i.ObjectKey, i.ThumbnailKey, i.ThumbnailContentType, i.Size,
        i.DisplayKey, i.DisplayContentType, i.DisplayWidth, i.Width, i.Height);

    private static readonly Func<Image, ImageObjects> FromImage = Projection.Compile();

    public static ImageObjects From(Image image) => FromImage(image);
}

// What the image page's <img> shows: Src (the display copy when there is one, else the
// original) and, when more than one size is known, a srcset of thumbnail, display copy
// and original with their pixel widths, so the browser picks the smallest that fills it.
public sealed record ImageView(Uri Src, string? Srcset);

// The one rule for which bytes of an image may be shown to whom, for every route
// that signs a URL: gallery tiles, complete's answer, the image page, the download,
// the admin queue. Under pre-moderation, no URL of an original awaiting review is ever
// signed for its owner: the tile shows the browser-made thumbnail or nothing. The display
// copy is the original at a smaller size: it is served exactly when the original is.
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

    // Null when the original is not served to this viewer. "View original" and downloads.
    public Uri? Original(ImageObjects o, Viewer viewer, bool download = false) =>
        ServesOriginal(o.Status, viewer) ? urls.For(o.ObjectKey, o.ContentType, o.FileName, download) : null;

    // A tile: the browser-made thumbnail when there is one, else the original where it
    // is served; null when neither may be shown. A large original (above the multipart
    // threshold) never stands in: a page of tiles must not pull in a gigabyte, so the
    // tile shows a placeholder; so does one browsers cannot show (HEIC).
    public Uri? Preview(ImageObjects o, Viewer viewer)
    {
        if (!ServesThumbnail(o.Status, viewer)) return null;
        return Thumbnail(o) ?? (o.Size > uploads.Value.MultipartThresholdBytes || !BrowsersShow(o) ? null : Original(o, viewer));
    }

    // The trash page only (Trash/TrashService): the owner sees the preview the gallery's
    // tile showed before the delete (by the status it had then: a rejected image still
    // shows nothing), so they can tell what they restore. Nothing else ever signs a URL of
    // a trashed image for its owner: not the gallery, the image page, the download, nor
    // the fresh-URL API, which all ask with the image's own status (Trashed).
    public Uri? TrashPreview(ImageObjects o, ImageStatus? statusBefore) =>
        o.Status == ImageStatus.Trashed && statusBefore is { } before && before != ImageStatus.Trashed
            ? Preview(o with { Status = before }, Viewer.Owner)
            : null;

    // The image page: the display copy, else the original; null where the original is
    // not served. An original browsers cannot show (HEIC) is never in the <img>: its display
    // copy or thumbnail stands in, and null when it has neither (the page says so; "View
    // original" and Download still give it). The original joins the srcset only with a known
    // width, the thumbnail only when the original's size is known (its width is derived from it).
    public ImageView? View(ImageObjects o, Viewer viewer)
    {
        if (!ServesOriginal(o.Status, viewer)) return null;
        var display = Display(o);
        var thumb = Thumbnail(o);
        var original = BrowsersShow(o) ? Original(o, viewer) : null;
        if ((display ?? original ?? thumb) is not { } src) return null;
        // Largest first, so of two copies as wide (a small image's thumbnail) the better one stays.
        var candidates = new List<(Uri Url, int Width)>();
        if (original is not null && o.Width is > 0) candidates.Add((original, o.Width.Value));
        if (display is not null && o.DisplayWidth is > 0) candidates.Add((display, o.DisplayWidth.Value));
        if (thumb is not null && o is { Width: > 0, Height: > 0 })
            candidates.Add((thumb, TileFactory.ThumbnailBox(o.Width, o.Height, options.Value.ThumbnailSize).Width));
        var widths = candidates.DistinctBy(c => c.Width).Reverse().ToList();
        var srcset = widths.Count > 1 && (display is null || o.DisplayWidth is > 0)
            ? string.Join(", ", widths.Select(c => $"{SrcsetUrl(c.Url)} {c.Width.ToString(CultureInfo.InvariantCulture)}w"))
            : null;
        return new ImageView(src, srcset);
    }

    // In a srcset a space ends the URL and a comma may end the entry; S3's signed URLs carry
    // "private, max-age=…" in a query value. Escaped, they mean the same to storage.
    private static string SrcsetUrl(Uri url) => url.OriginalString.Replace(" ", "%20").Replace(",", "%2C");

    // The admin queue's look at "what is served", at a size a table row can afford: the
    // display copy, else the original when it is no larger than a display copy may be;
    // null (a placeholder; the original is still a link) for a large original without one.
    // An original browsers cannot show (HEIC) is never shown either.
    public Uri? Review(ImageObjects o) => !ServesOriginal(o.Status, Viewer.Admin) ? null
        : Display(o) ?? (o.Size <= uploads.Value.DisplayBytesLimit && BrowsersShow(o) ? Original(o, Viewer.Admin) : null);

    private static bool BrowsersShow(ImageObjects o) => Uploads.ImageFormats.BrowsersShow(o.ContentType);

    private Uri? Thumbnail(ImageObjects o) =>
        o.ThumbnailKey is { } key && o.ThumbnailContentType is { } type ? urls.For(key, type, VariantName(o.FileName, "thumbnail", type)) : null;

    private Uri? Display(ImageObjects o) =>
        o.DisplayKey is { } key && o.DisplayContentType is { } type ? urls.For(key, type, VariantName(o.FileName, "display", type)) : null;

    // "Save image as" should not offer a WebP copy named cat.jpg.
    private static string VariantName(string fileName, string variant, string contentType) =>
        $"{Path.GetFileNameWithoutExtension(fileName)}-{variant}.{Uploads.ObjectKeys.Extension(contentType)}";
}
