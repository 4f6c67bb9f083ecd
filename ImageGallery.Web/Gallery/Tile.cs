using System.Linq.Expressions;
using ImageGallery.Web.Data;
using ImageGallery.Web.Hosting;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Gallery;

// What a tile needs from the database, and nothing more.
public sealed record TileRow(
    long Id, Guid PublicId, ImageStatus Status, string FileName, string? Caption,
    string ContentType, string ObjectKey, string? ThumbnailKey, string? ThumbnailContentType,
    int? Width, int? Height, string? RejectionReason, DateTime SortKey, long Size,
    string? DisplayKey = null, string? DisplayContentType = null, int? DisplayWidth = null)
{
    public static readonly Expression<Func<Image, TileRow>> Projection = i => new TileRow(
        i.Id, i.PublicId, i.Status, i.FileName, i.Caption, i.ContentType, i.ObjectKey,
        i.ThumbnailKey, i.ThumbnailContentType, i.Width, i.Height, i.RejectionReason, i.SortKey, i.Size,
        i.DisplayKey, i.DisplayContentType, i.DisplayWidth);

    public Position Position => new(SortKey, Id);

    public ImageObjects Objects => new(Status, FileName, ContentType, ObjectKey, ThumbnailKey, ThumbnailContentType, Size,
        DisplayKey, DisplayContentType, DisplayWidth, Width, Height);
}

// ImageUrl is null where nothing may be shown (ImageUrls decides); Linked is false
// where the tile is not a normal one (awaiting review under pre-moderation).
public sealed record Tile(
    Guid Id, ImageStatus Status, string Alt, Uri? ImageUrl, int Width, int Height,
    bool Linked, string? Badge, string FileName, string? RejectionReason, DateTime SortKey)
{
    // The month heading the grid files it under: taken, else uploaded.
    public string Month => SortKey.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
}

public sealed class TileFactory(ImageUrls urls, IOptions<GalleryOptions> options)
{
    public Tile For(TileRow r)
    {
        var o = options.Value;
        var awaiting = r.Status == ImageStatus.AwaitingReview && o.Moderation == ModerationMode.Pre;
        var (width, height) = ThumbnailBox(r.Width, r.Height, o.ThumbnailSize);
        return new Tile(
            r.PublicId, r.Status, AltText(r.Caption, r.FileName),
            urls.Preview(r.Objects, Viewer.Owner),
            width, height,
            Linked: !awaiting,
            Badge: awaiting ? "Awaiting review" : r.Status == ImageStatus.Rejected ? "Rejected" : null,
            r.FileName, r.RejectionReason, r.SortKey);
    }

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
}
