using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using ImageGallery.Web.Storage;
using Microsoft.EntityFrameworkCore;

namespace ImageGallery.Web.Moderation;

// Outcome of an action on a selection. Skipped: gone meanwhile, or already in the
// wanted state. Unavailable: storage could not be reached, so the rest was left alone.
public sealed record ReviewOutcome(int Done, int Skipped, bool StorageUnavailable = false);

// Approve, reject and delete, for one image or a selection: each image gets its own
// audit entry, saved with the change it records.
public sealed class ImageReview(GalleryDbContext db, AuditLog audit, ImageDeleter deleter, TimeProvider time)
{
    public const int MaxReasonLength = 500;
    public const int MaxSelection = 500;

    public Task<ReviewOutcome> ApproveAsync(Actor actor, IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        DecideAsync(actor, ids, ImageStatus.Approved, reason: null, ct);

    // The objects stay: the owner sees the reason and decides whether to delete.
    public Task<ReviewOutcome> RejectAsync(Actor actor, IReadOnlyCollection<Guid> ids, string reason,
        CancellationToken ct)
    {
        reason = reason.Trim();
        if (reason.Length is 0 or > MaxReasonLength)
            throw new ArgumentException($"A reason of 1 to {MaxReasonLength} characters is required.", nameof(reason));
        return DecideAsync(actor, ids, ImageStatus.Rejected, reason, ct);
    }

    // A decision applies to any reviewable image not already in that state. Each change
    // is one UPDATE conditional on the status the admin saw, so a decision racing a
    // delete or another admin's decision changes the row once (or not at all), and its
    // audit entry is saved only with a change that happened, in the same transaction.
    private async Task<ReviewOutcome> DecideAsync(Actor actor, IReadOnlyCollection<Guid> ids, ImageStatus decision,
        string? reason, CancellationToken ct)
    {
        var images = await LoadAsync(ids, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var done = await db.InTransactionAsync(async () =>
        {
            var changed = 0;
            foreach (var image in images.Where(i => i.Status is not ImageStatus.Pending && i.Status != decision))
            {
                var seen = image.Status;
                var rows = await db.Images.Where(i => i.Id == image.Id && i.Status == seen).ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.Status, decision)
                    .SetProperty(i => i.RejectionReason, reason)
                    .SetProperty(i => i.ReviewedAt, now)
                    .SetProperty(i => i.ReviewedById, actor.Id), ct);
                if (rows != 1) continue;
                audit.Add(actor, decision == ImageStatus.Approved ? AuditActions.Approve : AuditActions.Reject,
                    image.PublicId, image.OwnerId, image.Owner?.Email,
                    reason is null ? image.FileName : $"{image.FileName}: {reason}");
                changed++;
            }
            await db.SaveChangesAsync(ct);
            return changed;
        }, ct);
        return new ReviewOutcome(done, ids.Count - done);
    }

    // One image at a time through ImageDeleter (objects first, then the record and its
    // audit entry in one save), so a storage failure halfway leaves every image either
    // fully there or fully gone, each deletion with its entry.
    public async Task<ReviewOutcome> DeleteAsync(Actor actor, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var images = await LoadAsync(ids, ct);
        var done = 0;
        foreach (var image in images)
        {
            var entry = audit.Add(actor, AuditActions.Delete, image.PublicId, image.OwnerId, image.Owner?.Email,
                $"{image.FileName} ({image.Status})");
            bool deleted;
            try
            {
                deleted = await deleter.DeleteAsync(image, ct);
            }
            catch (StorageUnavailableException)
            {
                audit.Discard(entry);
                return new ReviewOutcome(done, ids.Count - done, StorageUnavailable: true);
            }
            // Someone else deleted it meanwhile: theirs is the deletion, and the entry.
            if (!deleted)
            {
                audit.Discard(entry);
                continue;
            }
            done++;
        }
        return new ReviewOutcome(done, ids.Count - done);
    }

    private async Task<List<Image>> LoadAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var wanted = ids.Distinct().Take(MaxSelection).ToList();
        return await db.Images.AsNoTracking().Include(i => i.Owner)
            .Where(i => wanted.Contains(i.PublicId) && i.Status != ImageStatus.Pending)
            .OrderBy(i => i.Id)
            .ToListAsync(ct);
    }
}
