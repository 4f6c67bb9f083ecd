using System.Globalization;
using System.Security.Claims;
using ImageGallery.Web.Data;
using ImageGallery.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Moderation;

public static class AuditActions
{
    // "Delete" is also what the upload API records when an admin deletes through it.
    public const string Approve = "Approve";
    public const string Reject = "Reject";
    public const string Delete = "Delete";
    public const string Lock = "Lock";
    public const string Unlock = "Unlock";
    public const string Quota = "Quota";
    public const string GrantAdmin = "GrantAdmin";
    public const string RevokeAdmin = "RevokeAdmin";
    // A person deleted their own account (and with it their images).
    public const string DeleteAccount = "DeleteAccount";

    public static readonly string[] All = [Approve, Reject, Delete, Lock, Unlock, Quota, GrantAdmin, RevokeAdmin, DeleteAccount];
}

// Who did it, copied into every entry so the entry survives the admin's account.
public sealed record Actor(string Id, string Email)
{
    // The `admin grant|revoke` command has no signed-in person behind it.
    public static readonly Actor CommandLine = new("cli", "(command line)");
}

public sealed record AuditFilter(string? Action, string? Email, long? Before);

// Entries are added to the action's own unit of work: whoever saves the action saves
// its entry, so there is never an action without a record or a record without an action.
public sealed class AuditLog(
    GalleryDbContext db, UserManager<AppUser> users, TimeProvider time, IOptions<GalleryOptions> options)
{
    public async Task<Actor> ActorAsync(ClaimsPrincipal principal)
    {
        var user = await users.GetUserAsync(principal)
                   ?? throw new InvalidOperationException("The signed-in admin no longer exists.");
        return new Actor(user.Id, user.Email ?? user.UserName ?? user.Id);
    }

    public AuditEntry Add(Actor actor, string action, Guid? imageId, string? targetUserId, string? targetUserEmail,
        string? detail = null)
    {
        var entry = new AuditEntry
        {
            At = time.GetUtcNow().UtcDateTime,
            ActorId = actor.Id,
            ActorEmail = actor.Email,
            Action = action,
            ImageId = imageId,
            TargetUserId = targetUserId,
            TargetUserEmail = targetUserEmail,
            Detail = detail is { Length: > 1000 } ? detail[..1000] : detail,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    // For an action that failed after its entry was added: the entry must not ride
    // along with a later save.
    public void Discard(AuditEntry entry) => db.Entry(entry).State = EntityState.Detached;

    // Newest first, keyset on Id: the page after `Before` never shifts when entries arrive.
    public async Task<Page<AuditEntry>> ListAsync(AuditFilter filter, CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Action)) query = query.Where(a => a.Action == filter.Action);
        if (!string.IsNullOrWhiteSpace(filter.Email))
        {
            var email = filter.Email.Trim().ToUpperInvariant();
            query = query.Where(a => a.ActorEmail.ToUpper() == email || a.TargetUserEmail!.ToUpper() == email);
        }
        if (filter.Before is { } before) query = query.Where(a => a.Id < before);

        var size = options.Value.PageSize;
        var rows = await query.OrderByDescending(a => a.Id).Take(size + 1).ToListAsync(ct);
        return Page<AuditEntry>.From(rows, size, a => a.Id.ToString(CultureInfo.InvariantCulture));
    }
}

// One keyset page: Next is the cursor for the following page, null on the last one.
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next)
{
    // Callers fetch one row more than they show, to know whether a next page exists.
    public static Page<T> From(List<T> rows, int size, Func<T, string> key) =>
        rows.Count > size ? new(rows[..size], key(rows[size - 1])) : new(rows, null);
}
