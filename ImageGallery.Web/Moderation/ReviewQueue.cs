using System.Globalization;
using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using ImageGallery.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Moderation;

public enum QueueStatus { Awaiting, Approved, Rejected, All }

public sealed record QueueFilter(QueueStatus Status, string? OwnerEmail, long? After);

public sealed record QueueItem(
    long Id, Guid PublicId, string OwnerId, string OwnerEmail, string FileName, string ContentType, long Size,
    int? Width, int? Height, DateTime? UploadedAt, ImageStatus Status, string? RejectionReason,
    DateTime? ReviewedAt, Uri? ThumbnailUrl, Uri? OriginalUrl);

public sealed record ReviewedImage(QueueItem Item, string? ReviewedByEmail);

// What admins look at: every finished upload (never Pending), across all users. Each
// comes with the original as well as the thumbnail: the thumbnail is made by the
// uploader's browser, so it can be innocent while the original, which is served, is not.
public sealed class ReviewQueue(
    GalleryDbContext db, ImageUrls urls, ILookupNormalizer normalizer, IOptions<GalleryOptions> options)
{
    // The queue is worked oldest first, so nothing waits forever; the other views are
    // history and read newest first. Keyset on Id either way: no OFFSET, no COUNT.
    public static bool OldestFirst(QueueStatus status) => status == QueueStatus.Awaiting;

    public async Task<Page<QueueItem>> ListAsync(QueueFilter filter, CancellationToken ct)
    {
        var query = db.Images.AsNoTracking().Where(i => i.Status != ImageStatus.Pending);
        query = filter.Status switch
        {
            QueueStatus.Awaiting => query.Where(i => i.Status == ImageStatus.AwaitingReview),
            QueueStatus.Approved => query.Where(i => i.Status == ImageStatus.Approved),
            QueueStatus.Rejected => query.Where(i => i.Status == ImageStatus.Rejected),
            _ => query,
        };
        if (!string.IsNullOrWhiteSpace(filter.OwnerEmail))
        {
            var email = normalizer.NormalizeEmail(filter.OwnerEmail.Trim());
            query = query.Where(i => i.Owner!.NormalizedEmail == email);
        }

        var oldestFirst = OldestFirst(filter.Status);
        if (filter.After is { } after)
            query = oldestFirst ? query.Where(i => i.Id > after) : query.Where(i => i.Id < after);
        query = oldestFirst ? query.OrderBy(i => i.Id) : query.OrderByDescending(i => i.Id);

        var size = options.Value.PageSize;
        var rows = await Project(query.Take(size + 1)).ToListAsync(ct);
        return Page<QueueItem>.From(rows.Select(ToItem).ToList(), size,
            i => i.Id.ToString(CultureInfo.InvariantCulture));
    }

    public async Task<ReviewedImage?> FindAsync(Guid publicId, CancellationToken ct)
    {
        var row = await Project(db.Images.AsNoTracking()
                .Where(i => i.PublicId == publicId && i.Status != ImageStatus.Pending))
            .SingleOrDefaultAsync(ct);
        if (row is null) return null;
        var reviewer = row.ReviewedById is null
            ? null
            : await db.Users.Where(u => u.Id == row.ReviewedById).Select(u => u.Email).SingleOrDefaultAsync(ct);
        return new ReviewedImage(ToItem(row), reviewer);
    }

    private static IQueryable<Row> Project(IQueryable<Image> query) => query.Select(i => new Row(
        i.Id, i.PublicId, i.OwnerId, i.Owner!.Email ?? "", i.FileName, i.ContentType, i.Size, i.Width, i.Height,
        i.UploadedAt, i.Status, i.RejectionReason, i.ReviewedAt, i.ReviewedById,
        i.ObjectKey, i.ThumbnailKey, i.ThumbnailContentType));

    private QueueItem ToItem(Row r) => new(
        r.Id, r.PublicId, r.OwnerId, r.OwnerEmail, r.FileName, r.ContentType, r.Size, r.Width, r.Height,
        r.UploadedAt, r.Status, r.RejectionReason, r.ReviewedAt,
        urls.Preview(r.Objects, Viewer.Admin), urls.Original(r.Objects, Viewer.Admin));

    private sealed record Row(
        long Id, Guid PublicId, string OwnerId, string OwnerEmail, string FileName, string ContentType, long Size,
        int? Width, int? Height, DateTime? UploadedAt, ImageStatus Status, string? RejectionReason,
        DateTime? ReviewedAt, string? ReviewedById, string ObjectKey, string? ThumbnailKey,
        string? ThumbnailContentType)
    {
        public ImageObjects Objects => new(Status, FileName, ContentType, ObjectKey, ThumbnailKey, ThumbnailContentType);
    }
}
