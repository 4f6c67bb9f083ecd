using ImageGallery.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace ImageGallery.Web.Uploads;

// Who may work on a Pending upload. Complete (copy, verify, record) and the sweeper
// (delete) each take several storage calls; two of them interleaving could let one
// copy over what the other just verified. So each first claims the row with one
// conditional UPDATE, and only the claimant goes on; its final transition is
// conditional on the claim too. While an image is Pending, UploadedAt holds the claim
// (when the work began); it becomes the real upload time at the transition.
// A claim that is never finished (a crash) lapses after Lease.
public static class PendingClaims
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    // The claim token, or null when the image is not Pending (or not older than
    // createdBefore) or someone else holds a live claim.
    public static Task<DateTime?> TryClaimAsync(this GalleryDbContext db, long imageId, DateTime now,
        CancellationToken ct, DateTime? createdBefore = null)
    {
        var query = db.Images.Where(i => i.Id == imageId);
        if (createdBefore is { } cutoff) query = query.Where(i => i.CreatedAt < cutoff);
        return db.TryClaimAsync(query, now, ct);
    }

    // The same for at most one image chosen by `which` (a public id and its owner, say), so a
    // caller that needs only the claimed row claims first and reads once, under the claim.
    public static Task<DateTime?> TryClaimAsync(this GalleryDbContext db, IQueryable<Image> which, DateTime now,
        CancellationToken ct)
    {
        // Whole milliseconds: every provider stores them exactly, so the token compares equal.
        var token = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        var lapsedBefore = token - Lease;
        var query = which.Where(i => i.Status == ImageStatus.Pending && (i.UploadedAt == null || i.UploadedAt < lapsedBefore));
        return db.InTransactionAsync(async () =>
            await query.ExecuteUpdateAsync(s => s.SetProperty(i => i.UploadedAt, token), ct) == 1 ? token : (DateTime?)null, ct);
    }

    // The row, only while it is still Pending under this claim.
    public static IQueryable<Image> Claimed(this GalleryDbContext db, long imageId, DateTime token) =>
        db.Images.Where(i => i.Id == imageId && i.Status == ImageStatus.Pending && i.UploadedAt == token);

    // Gives the upload back (storage was unavailable): the next complete may claim it at once.
    public static Task ReleaseClaimAsync(this GalleryDbContext db, long imageId, DateTime token, CancellationToken ct) =>
        db.InTransactionAsync(() =>
            db.Claimed(imageId, token).ExecuteUpdateAsync(s => s.SetProperty(i => i.UploadedAt, (DateTime?)null), ct), ct);
}
