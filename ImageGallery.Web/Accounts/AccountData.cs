using ImageGallery.Web.Data;
using ImageGallery.Web.Moderation;
using ImageGallery.Web.Storage;
using ImageGallery.Web.Uploads;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ImageGallery.Web.Accounts;

// One image as "Download personal data" lists it.
public sealed record PersonalImage(
    Guid Id, string FileName, long Size, string ContentType, string Status,
    DateTime CreatedAt, DateTime? UploadedAt, DateTime? ReviewedAt, string? Caption, string? RejectionReason);

// What a person's account holds beyond Identity's own columns: their images, in
// storage and in the database. Deleting the account deletes all of it.
public sealed class AccountData(
    GalleryDbContext db, IObjectStore store, IMultipartStore multipart, AuditLog audit, ILogger<AccountData> logger)
{
    public Task<List<PersonalImage>> ImagesAsync(string userId, CancellationToken ct) =>
        db.Images.AsNoTracking().Where(i => i.OwnerId == userId).OrderBy(i => i.Id)
            .Select(i => new PersonalImage(i.PublicId, i.FileName, i.Size, i.ContentType, i.Status.ToString(),
                i.CreatedAt, i.Status == ImageStatus.Pending ? null : i.UploadedAt, i.ReviewedAt, i.Caption, i.RejectionReason))
            .ToListAsync(ct);

    // Objects first (uploads still in parts aborted, so their parts go and their part URLs
    // write nothing; then everything under both of the person's prefixes: originals,
    // thumbnails, staging leftovers), then the rows and the user in one transaction
    // with the audit entry. A storage failure stops before any row goes, so no object
    // is ever left without the record that leads to it; trying again finishes the job.
    public async Task<IdentityResult> DeleteAsync(AppUser user, Func<Task<IdentityResult>> deleteUser, CancellationToken ct)
    {
        var images = await db.Images.CountAsync(i => i.OwnerId == user.Id, ct);
        var bytes = await db.Images.Where(i => i.OwnerId == user.Id).SumAsync(i => i.Size + (i.ThumbnailSize ?? 0) + (i.DisplaySize ?? 0), ct);
        try
        {
            var open = await db.Images.AsNoTracking().Where(i => i.OwnerId == user.Id && i.MultipartUploadId != null)
                .Select(i => new { i.ObjectKey, i.MultipartUploadId }).ToListAsync(ct);
            foreach (var upload in open) await multipart.AbortAsync(upload.ObjectKey, upload.MultipartUploadId!, ct);
            foreach (var prefix in new[] { ObjectKeys.PermanentPrefix(user.Id), ObjectKeys.StagingPrefix(user.Id) })
                await foreach (var o in store.ListAsync(prefix, ct))
                    await store.DeleteAsync(o.Key, ct);
        }
        catch (StorageUnavailableException e)
        {
            logger.LogWarning(e, "Storage unavailable while deleting the account of user {UserId}; nothing deleted from the database", user.Id);
            return IdentityResult.Failed(new IdentityError
            {
                Code = "StorageUnavailable",
                Description = "Your images could not be deleted because storage is unavailable. Try again in a moment.",
            });
        }

        var email = user.Email ?? user.UserName ?? user.Id;
        var entry = audit.Add(new Actor(user.Id, email), AuditActions.DeleteAccount, null, user.Id, email,
            $"Account deleted by its owner: {images} images, {bytes} bytes.");
        IdentityResult? refused = null;
        IdentityResult deleted;
        try
        {
            deleted = await db.InTransactionAsync(async () =>
            {
                // A complete that copies after the listing finds its row gone and deletes
                // its copy; a form sent later writes only a staging key the sweeper removes.
                await db.Images.Where(i => i.OwnerId == user.Id).ExecuteDeleteAsync(ct);
                var result = await deleteUser();
                if (!result.Succeeded)
                {
                    refused = result;
                    throw new RolledBack();
                }
                return result;
            }, ct);
        }
        catch (RolledBack)
        {
            audit.Discard(entry);
            return refused!;
        }
        logger.LogInformation("Account of user {UserId} deleted with {Images} images ({Bytes} bytes)", user.Id, images, bytes);
        return deleted;
    }

    private sealed class RolledBack : Exception;
}
