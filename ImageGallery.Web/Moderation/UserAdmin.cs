using ImageGallery.Web.Data;
using ImageGallery.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Moderation;

public sealed record UserRow(
    string Id, string Email, DateTime CreatedAt, bool Locked, int Images, long Bytes, int AwaitingReview,
    DateTime? LastUpload, int? MaxImagesOverride, long? MaxBytesOverride);

public enum LockOutcome { Done, NotFound, Self, Unchanged }

// Accounts as admins see them: usage, lock state and quota overrides.
public sealed class UserAdmin(
    GalleryDbContext db, UserManager<AppUser> users, AuditLog audit, TimeProvider time,
    IOptions<GalleryOptions> options)
{
    // Paged by email (keyset on the normalized email); the usage for the page's users
    // comes from one GROUP BY, not a query per user.
    public async Task<Page<UserRow>> ListAsync(string? after, CancellationToken ct)
    {
        var size = options.Value.PageSize;
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrEmpty(after)) query = query.Where(u => string.Compare(u.NormalizedEmail, after) > 0);
        var accounts = await query.OrderBy(u => u.NormalizedEmail).Take(size + 1)
            .Select(u => new { u.Id, u.Email, u.NormalizedEmail, u.CreatedAt, u.LockedAt, u.MaxImagesOverride, u.MaxBytesOverride })
            .ToListAsync(ct);

        var ids = accounts.Select(a => a.Id).ToList();
        var usage = await UsageQuery(db.Images.Where(i => ids.Contains(i.OwnerId))).ToDictionaryAsync(u => u.OwnerId, ct);

        var rows = accounts.Select(a =>
        {
            var u = usage.GetValueOrDefault(a.Id);
            return (Row: new UserRow(a.Id, a.Email ?? "", a.CreatedAt, a.LockedAt is not null,
                u?.Images ?? 0, u?.Bytes ?? 0, u?.AwaitingReview ?? 0, u?.LastUpload,
                a.MaxImagesOverride, a.MaxBytesOverride), Key: a.NormalizedEmail ?? "");
        }).ToList();
        var page = Page<(UserRow Row, string Key)>.From(rows, size, r => r.Key);
        return new Page<UserRow>(page.Items.Select(r => r.Row).ToList(), page.Next);
    }

    public async Task<UserRow?> FindAsync(string id, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, ct);
        if (user is null) return null;
        var u = await UsageQuery(db.Images.Where(i => i.OwnerId == id)).SingleOrDefaultAsync(ct);
        return new UserRow(user.Id, user.Email ?? "", user.CreatedAt, user.LockedAt is not null,
            u?.Images ?? 0, u?.Bytes ?? 0, u?.AwaitingReview ?? 0, u?.LastUpload,
            user.MaxImagesOverride, user.MaxBytesOverride);
    }

    // Locked for good (until unlocked), and a new security stamp so the person's
    // sessions end at their next validation (GallerySignInManager refuses them too). The entry rides in the same save.
    public Task<LockOutcome> LockAsync(Actor actor, string userId) => SetLockAsync(actor, userId, locked: true);

    public Task<LockOutcome> UnlockAsync(Actor actor, string userId) => SetLockAsync(actor, userId, locked: false);

    private async Task<LockOutcome> SetLockAsync(Actor actor, string userId, bool locked)
    {
        if (locked && userId == actor.Id) return LockOutcome.Self;
        var user = await users.FindByIdAsync(userId);
        if (user is null) return LockOutcome.NotFound;
        if ((user.LockedAt is not null) == locked) return LockOutcome.Unchanged;

        // An unlock also clears a sign-in lockout: the admin means "let them in".
        user.LockedAt = locked ? time.GetUtcNow().UtcDateTime : null;
        if (!locked)
        {
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
        }
        audit.Add(actor, locked ? AuditActions.Lock : AuditActions.Unlock, null, user.Id, user.Email);
        Check(await users.UpdateSecurityStampAsync(user));
        return LockOutcome.Done;
    }

    public async Task<bool> SetQuotaAsync(Actor actor, string userId, int? maxImages, long? maxBytes,
        CancellationToken ct)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null) return false;
        if (user.MaxImagesOverride == maxImages && user.MaxBytesOverride == maxBytes) return true;

        var detail = $"images {Describe(user.MaxImagesOverride)} -> {Describe(maxImages)}; " +
                     $"bytes {Describe(user.MaxBytesOverride)} -> {Describe(maxBytes)}";
        user.MaxImagesOverride = maxImages;
        user.MaxBytesOverride = maxBytes;
        audit.Add(actor, AuditActions.Quota, null, user.Id, user.Email, detail);
        await db.SaveChangesAsync(ct);
        return true;
    }

    private static string Describe(long? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default";

    // Pending uploads (forms issued, never completed) are not the person's images yet.
    private static IQueryable<Usage> UsageQuery(IQueryable<Image> images) => images
        .Where(i => i.Status != ImageStatus.Pending)
        .GroupBy(i => i.OwnerId)
        .Select(g => new Usage(
            g.Key,
            g.Count(),
            g.Sum(i => i.Size + (i.ThumbnailSize ?? 0) + (i.DisplaySize ?? 0)),
            g.Count(i => i.Status == ImageStatus.AwaitingReview),
            g.Max(i => i.UploadedAt)));

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    private sealed record Usage(string OwnerId, int Images, long Bytes, int AwaitingReview, DateTime? LastUpload);
}
