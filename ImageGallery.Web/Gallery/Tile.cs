using System.Linq.Expressions;
using ImageGallery.Web.Data;
using ImageGallery.Web.Hosting;
using ImageGallery.Web.Uploads;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Gallery;

// What a tile needs from the database, and nothing more.
public sealed record TileRow(
    long Id, Guid PublicId, ImageStatus Status, string FileName, string? Caption,
    string ContentType, string ObjectKey, string? ThumbnailKey, string? ThumbnailContentType,
    int? Width, int? Height, string? RejectionReason, long Size)
{
    public static readonly Expression<Func<Image, TileRow>> Projection = i => new TileRow(
        i.Id, i.PublicId, i.Status, i.FileName, i.Caption, i.ContentType, i.ObjectKey,
        i.ThumbnailKey, i.ThumbnailContentType, i.Width, i.Height, i.RejectionReason, i.Size);
}

// ImageUrl is null where no bytes should be served (rejected images); Linked is false
// where the tile is not a normal one (awaiting review under pre-moderation).
public sealed record Tile(
    Guid Id, ImageStatus Status, string Alt, Uri? ImageUrl, int Width, int Height,
    bool Linked, string? Badge, string FileName, string? RejectionReason);

public sealed class TileFactory(ViewUrls urls, IOptions<GalleryOptions> options, IOptions<UploadOptions> uploads)
{
    public Tile For(TileRow r)
    {
        var o = options.Value;
        var awaiting = r.Status == ImageStatus.AwaitingReview && o.Moderation == ModerationMode.Pre;
        var (width, height) = ThumbnailBox(r.Width, r.Height, o.ThumbnailSize);
        return new Tile(
            r.PublicId, r.Status, AltText(r.Caption, r.FileName),
            ImageUrl(r, awaiting),
            width, height,
            Linked: !awaiting,
            Badge: awaiting ? "Awaiting review" : r.Status == ImageStatus.Rejected ? "Rejected" : null,
            r.FileName, r.RejectionReason);
    }

    // Rejected images are not served at all; under pre-moderation an image awaiting
    // review shows only its browser-made thumbnail, never the original.
    private Uri? ImageUrl(TileRow r, bool awaiting) =>
        r.Status == ImageStatus.Rejected || (awaiting && r.ThumbnailKey is null) ? null : ThumbnailUrl(r);

    // The browser-made thumbnail when there is one, else the original, unless the original
    // is a large file (one that went up in parts): a page of tiles must not pull in a
    // gigabyte, so those show a placeholder (null).
    public Uri? ThumbnailUrl(TileRow r) => ThumbnailUrl(r.ThumbnailKey, r.ThumbnailContentType, r.ObjectKey, r.ContentType, r.Size, r.FileName);

    public Uri? ThumbnailUrl(string? thumbKey, string? thumbType, string key, string contentType, long size, string fileName) =>
        thumbKey is not null && thumbType is not null ? urls.For(thumbKey, thumbType, ThumbnailName(fileName, thumbType))
        : size > uploads.Value.MultipartThresholdBytes ? null
        : urls.For(key, contentType, fileName);

    public static string AltText(string? caption, string fileName) =>
        string.IsNullOrWhiteSpace(caption) ? fileName : caption;

    // The thumbnail's own size (long side at most ThumbnailSize), so width/height give
    // the browser the aspect ratio before any byte arrives; a square when unknown.
    public static (int Width, int Height) ThumbnailBox(int? width, int? height, int max)
    {
        if (width is not > 0 || height is not > 0) return (max, max);
        var scale = Math.Min(1.0, (double)max / Math.Max(width.Value, height.Value));
        return (Math.Max(1, (int)Math.Round(width.Value * scale)), Math.Max(1, (int)Math.Round(height.Value * scale)));
    }

    // "Save image as" on a tile should not offer a WebP thumbnail named cat.jpg.
    private static string ThumbnailName(string fileName, string contentType) =>
        $"{Path.GetFileNameWithoutExtension(fileName)}-thumbnail.{ObjectKeys.Extension(contentType)}";
}
