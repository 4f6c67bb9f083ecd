using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using ImageGallery.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Trash;

// Thumbnail: what the gallery's tile showed before the delete (ImageUrls.TrashPreview), null
// when that was nothing; Width and Height its box, so the row does not shift as it loads.
public sealed record TrashItem(Guid Id, string FileName, string? Caption, long Size, DateTime TrashedAt, DateTime PurgeAt,
    Uri? Thumbnail, int Width, int Height)
{
    // Whole days left, rounded up: "1 day left" until the purge is due.
    public int DaysLeft(DateTime now) => Math.Max(0, (int)Math.Ceiling((PurgeAt - now).TotalDays));
}

public sealed record TrashPage(IReadOnlyList<TrashItem> Items, Guid? OlderThan, int Count, long Bytes);

// Moving to the trash, restoring and deleting for ever: each one conditional UPDATE on
// the status (the row count decides), all or nothing for a bulk request. Nothing here
// touches the quota: trashed images still count, and only TrashPurger releases them.
public sealed class TrashService(
    GalleryDbContext db, TrashPurger purger, IOptions<GalleryOptions> options, TimeProvider time, ImageUrls urls)
{
    // What the gallery shows; Pending uploads are not images yet, Purging ones are going.
    public static readonly ImageStatus[] Trashable = [ImageStatus.AwaitingReview, ImageStatus.Approved, ImageStatus.Rejected];

    // The trash page's thumbnails are small: enough to tell one photo from another.
    private const int TrashThumbnailSize = 96;

    public async Task<BulkOutcome> MoveToTrashAsync(string ownerId, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        // Whole milliseconds, so Undo's equality holds on every provider (PostgreSQL keeps microseconds).
        var clock = time.GetUtcNow().UtcDateTime;
        var now = new DateTime(clock.Ticks - clock.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        var outcome = await TransitionAsync(ownerId, ids, Trashable, q => q.ExecuteUpdateAsync(s => s
            .SetProperty(i => i.StatusBeforeTrash, i => (ImageStatus?)i.Status)
            .SetProperty(i => i.Status, ImageStatus.Trashed)
            .SetProperty(i => i.TrashedAt, now), ct), ct);
        return outcome.Ok ? outcome with { TrashedAt = now } : outcome;
    }

    // Undo names a move by its time, so the undo form carries one value however many
    // images the move took; it restores those of them still in the trash.
    public Task<int> UndoAsync(string ownerId, DateTime trashedAt, CancellationToken ct) =>
        Restore(db.Images.Where(i => i.OwnerId == ownerId && i.Status == ImageStatus.Trashed && i.TrashedAt == trashedAt), ct);

    // Back to the status it had; an image trashed while awaiting review awaits it again.
    public Task<BulkOutcome> RestoreAsync(string ownerId, IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        TransitionAsync(ownerId, ids, [ImageStatus.Trashed], q => Restore(q, ct), ct);

    private static Task<int> Restore(IQueryable<Image> q, CancellationToken ct) => q.ExecuteUpdateAsync(s => s
        .SetProperty(i => i.Status, i => i.StatusBeforeTrash ?? ImageStatus.AwaitingReview)
        .SetProperty(i => i.StatusBeforeTrash, (ImageStatus?)null)
        .SetProperty(i => i.TrashedAt, (DateTime?)null), ct);

    // Claims the images for the purger (Trashed -> Purging), then purges them now.
    public async Task<BulkOutcome> DeleteForeverAsync(string ownerId, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var outcome = await TransitionAsync(ownerId, ids, [ImageStatus.Trashed], ClaimAsync(ct), ct);
        if (outcome.Ok) await purger.PurgeClaimedAsync(ownerId, ct);
        return outcome;
    }

    // Everything in this person's trash, whatever its size: one UPDATE claims it all.
    public async Task<int> EmptyAsync(string ownerId, CancellationToken ct)
    {
        var claimed = await ClaimAsync(ct)(db.Images.Where(i => i.OwnerId == ownerId && i.Status == ImageStatus.Trashed));
        await purger.PurgeClaimedAsync(ownerId, ct);
        return claimed;
    }

    public async Task<TrashPage> GetPageAsync(string ownerId, Guid? before, CancellationToken ct)
    {
        var size = options.Value.PageSize;
        var retention = options.Value.TrashRetention;
        var q = db.Images.AsNoTracking().Where(i => i.OwnerId == ownerId && i.Status == ImageStatus.Trashed);
        var totals = await q.GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Bytes = g.Sum(i => i.Size + (i.ThumbnailSize ?? 0)) })
            .FirstOrDefaultAsync(ct);
        if (before is { } cursor)
        {
            var id = await q.Where(i => i.PublicId == cursor).Select(i => (long?)i.Id).FirstOrDefaultAsync(ct);
            if (id is { } c) q = q.Where(i => i.Id < c);
        }
        var rows = await q.OrderByDescending(i => i.Id).Take(size + 1)
            .Select(i => new
            {
                i.PublicId, i.FileName, i.Caption, i.Size, TrashedAt = i.TrashedAt!.Value, i.StatusBeforeTrash, i.Width, i.Height,
                Objects = new ImageObjects(i.Status, i.FileName, i.ContentType, i.ObjectKey, i.ThumbnailKey, i.ThumbnailContentType, i.Size),
            })
            .ToListAsync(ct);
        var items = rows.Take(size).Select(r =>
        {
            var (width, height) = TileFactory.ThumbnailBox(r.Width, r.Height, TrashThumbnailSize);
            return new TrashItem(r.PublicId, r.FileName, r.Caption, r.Size, r.TrashedAt, r.TrashedAt + retention,
                urls.TrashPreview(r.Objects, r.StatusBeforeTrash), width, height);
        }).ToList();
        return new TrashPage(items, rows.Count > size ? items[^1].Id : null, totals?.Count ?? 0, totals?.Bytes ?? 0);
    }

    private static Func<IQueryable<Image>, Task<int>> ClaimAsync(CancellationToken ct) =>
        q => q.ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImageStatus.Purging), ct);

    // All or nothing: the ids that do not qualify are named and nothing changes; if one
    // changes state between the check and the UPDATE, the row count says so and the
    // transaction is rolled back.
    private async Task<BulkOutcome> TransitionAsync(string ownerId, IReadOnlyCollection<Guid> ids, ImageStatus[] from,
        Func<IQueryable<Image>, Task<int>> change, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (BulkIds.Problem(wanted) is { } problem) throw new ArgumentException(problem, nameof(ids));
        return await db.InTransactionAsync(async () =>
        {
            var q = db.Images.Where(i => i.OwnerId == ownerId && wanted.Contains(i.PublicId) && from.Contains(i.Status));
            var found = await q.Select(i => i.PublicId).ToListAsync(ct);
            if (found.Count != wanted.Count) return new BulkOutcome(0, wanted.Except(found).ToList());
            if (await change(q) != wanted.Count) throw new ConcurrentChangeException();
            return new BulkOutcome(wanted.Count, []);
        }, ct);
    }
}
