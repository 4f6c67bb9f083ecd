using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using ImageGallery.Web.Hosting;
using ImageGallery.Web.Moderation;
using ImageGallery.Web.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Uploads;

// The server's whole part in an upload: decide and sign (presign), then check what
// landed in storage and record it (complete). Bytes never pass through here.
public sealed class UploadService(
    GalleryDbContext db,
    IObjectStore store,
    ImageDeleter deleter,
    AuditLog audit,
    PendingUploadWriter pendingWriter,
    ViewUrls viewUrls,
    IOptions<UploadOptions> options,
    TimeProvider time,
    GalleryMetrics metrics,
    ILogger<UploadService> logger)
{
    private sealed record Account(DateTimeOffset? LockoutEnd, int? MaxImagesOverride, long? MaxBytesOverride, int ImageCount, long BytesUsed);

    public async Task<UploadResult<PresignResponse>> PresignAsync(string userId, PresignRequest request, CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        // The lock is checked on every presign, by the reservation itself (one statement,
        // no read first); a locked person hears so before being told their request is bad.
        var errors = UploadRules.Validate(request, o, o.AllowedContentTypes);
        if (errors.Count > 0)
            return IsLocked(await AccountAsync(userId, ct), now)
                ? UploadFailure.Locked
                : new UploadFailure(StatusCodes.Status400BadRequest, "The upload request is not valid.", Errors: errors);

        var expiresAt = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)) + o.FormLifetime;
        var id = Guid.NewGuid();
        var contentType = UploadRules.Normalize(request.ContentType!);
        var image = new Image
        {
            PublicId = id,
            OwnerId = userId,
            FileName = UploadRules.DisplayName(request.FileName!),
            ContentType = contentType,
            Size = request.Size,
            ObjectKey = ObjectKeys.Original(userId, id, contentType),
            Width = request.Width,
            Height = request.Height,
            Status = ImageStatus.Pending,
            CreatedAt = now.UtcDateTime,
        };
        var upload = store.CreateUploadForm(new UploadFormRequest(image.ObjectKey, contentType, image.Size, expiresAt));

        PresignedForm? thumbnailUpload = null;
        if (request.Thumbnail is { } t)
        {
            image.ThumbnailContentType = UploadRules.Normalize(t.ContentType!);
            image.ThumbnailSize = t.Size;
            image.ThumbnailKey = ObjectKeys.Thumbnail(userId, id, image.ThumbnailContentType);
            thumbnailUpload = store.CreateUploadForm(new UploadFormRequest(image.ThumbnailKey, image.ThumbnailContentType, t.Size, expiresAt));
        }

        if (!await pendingWriter.RecordAsync(image, now, o.MaxImagesPerUser, o.MaxBytesPerUser))
            return await RefusalAsync(userId, now, ct);
        logger.LogInformation("Upload form issued for image {ImageId} to user {UserId}: {Bytes} bytes of {ContentType}", id, userId, request.Size, request.ContentType);
        return new PresignResponse(id, UploadForm.From(upload), thumbnailUpload is null ? null : UploadForm.From(thumbnailUpload), expiresAt);
    }

    public async Task<UploadResult<ImageTile>> CompleteAsync(string userId, Guid id, CancellationToken ct)
    {
        if (IsLocked(await AccountAsync(userId, ct), time.GetUtcNow())) return UploadFailure.Locked;

        var image = await db.Images.SingleOrDefaultAsync(i => i.PublicId == id && i.OwnerId == userId, ct);
        if (image is null) return UploadFailure.NotFound;
        // Repeating complete answers what the first one did.
        if (image.Status == ImageStatus.Rejected) return Rejection(image.RejectionReason);
        if (image.Status != ImageStatus.Pending) return Tile(image);

        long releasedBytes = 0;
        try
        {
            var original = await VerifyAsync(image.ObjectKey, image.ContentType, image.Size, ct);
            if (original == Verification.Missing)
                return new UploadFailure(StatusCodes.Status409Conflict, "The file is not in storage yet.",
                    "Upload the file with the form first, then report it complete.");
            if (original.Problem is { } reason)
            {
                await store.DeleteAsync(image.ObjectKey, ct);
                if (image.ThumbnailKey is not null) await store.DeleteAsync(image.ThumbnailKey, ct);
                image.Status = ImageStatus.Rejected;
                image.RejectionReason = reason;
                await db.SaveChangesAsync(ct);
                logger.LogWarning("Upload {ImageId} of user {UserId} failed verification ({Check}); objects deleted",
                    id, userId, original.Check);
                return Rejection(reason);
            }

            // The thumbnail is a convenience: without a good one the tile uses the original.
            if (image.ThumbnailKey is { } thumbKey &&
                await VerifyAsync(thumbKey, image.ThumbnailContentType!, image.ThumbnailSize ?? 0, ct) is { Check: not null } thumb)
            {
                await store.DeleteAsync(thumbKey, ct);
                releasedBytes = image.ThumbnailSize ?? 0;
                image.ThumbnailKey = null;
                image.ThumbnailContentType = null;
                image.ThumbnailSize = null;
                logger.LogInformation("Thumbnail of upload {ImageId} dropped ({Check})", id, thumb.Check);
            }
        }
        catch (StorageUnavailableException e)
        {
            logger.LogWarning(e, "Storage unavailable while completing upload {ImageId}; it stays pending", id);
            return new UploadFailure(StatusCodes.Status503ServiceUnavailable, "Storage is unavailable.",
                "Your upload is kept. Try completing it again in a moment.");
        }

        image.Status = ImageStatus.AwaitingReview;
        image.UploadedAt = time.GetUtcNow().UtcDateTime;
        await db.InTransactionAsync(async () =>
        {
            await db.SaveChangesAsync(ct);
            if (releasedBytes > 0) await db.ReleaseAsync(userId, 0, releasedBytes, ct);
            return true;
        }, ct);
        logger.LogInformation("Upload {ImageId} of user {UserId} verified: {Bytes} bytes of {ContentType}", id, userId, image.Size, image.ContentType);
        metrics.Verified(image.Size);
        return Tile(image);
    }

    // Owner, or an admin (whose deletions of other people's images are audited).
    public async Task<bool> DeleteAsync(string userId, bool isAdmin, Guid id, CancellationToken ct)
    {
        var image = await db.Images.SingleOrDefaultAsync(i => i.PublicId == id, ct);
        if (image is null || (image.OwnerId != userId && !isAdmin)) return false;
        if (image.OwnerId != userId)
        {
            var emails = await db.Users.Where(u => u.Id == userId || u.Id == image.OwnerId)
                .ToDictionaryAsync(u => u.Id, u => u.Email ?? "", ct);
            audit.Add(new Actor(userId, emails.GetValueOrDefault(userId, "")), AuditActions.Delete, image.PublicId,
                image.OwnerId, emails.GetValueOrDefault(image.OwnerId), "Deleted through the API.");
        }
        await deleter.DeleteAsync(image, ct);
        logger.LogInformation("Image {ImageId} deleted by user {UserId}", id, userId);
        return true;
    }

    private Task<Account?> AccountAsync(string userId, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new Account(u.LockoutEnd, u.MaxImagesOverride, u.MaxBytesOverride, u.ImageCount, u.BytesUsed))
            .SingleOrDefaultAsync(ct);

    // Checked on every request, not only at login: a lock takes effect at once.
    private static bool IsLocked(Account? account, DateTimeOffset now) => account is null || account.LockoutEnd > now;

    // Called only after the reservation refused, to say why: the lock, or which limit.
    // Pending uploads count: otherwise a script could hold any number of open forms.
    private async Task<UploadFailure> RefusalAsync(string userId, DateTimeOffset now, CancellationToken ct)
    {
        var account = await AccountAsync(userId, ct);
        if (IsLocked(account, now)) return UploadFailure.Locked;
        var maxImages = account!.MaxImagesOverride ?? options.Value.MaxImagesPerUser;
        var maxBytes = account.MaxBytesOverride ?? options.Value.MaxBytesPerUser;
        if (account.ImageCount + 1 > maxImages)
            return Quota(StatusCodes.Status409Conflict, $"You have reached your limit of {maxImages} images. Delete some to upload more.");
        return Quota(StatusCodes.Status413PayloadTooLarge,
            $"This upload would take you past your storage limit of {maxBytes} bytes ({account.BytesUsed} in use). Delete some images to upload more.");

        static UploadFailure Quota(int status, string detail) =>
            new(status, "Upload quota reached.", detail, new() { ["quota"] = [detail] });
    }

    private sealed record Verification(string? Problem, string? Check)
    {
        public static readonly Verification Missing = new(null, "missing");
        public static readonly Verification Ok = new(null, null);
    }

    // Exists, has the size and Content-Type the form pinned, and its first bytes are
    // the declared format. One ranged read of a short prefix, never the whole object.
    private async Task<Verification> VerifyAsync(string key, string contentType, long size, CancellationToken ct)
    {
        var head = await store.ReadHeadAsync(key, ImageFormats.PrefixLength, ct);
        if (head is null) return Verification.Missing;
        var name = ImageFormats.NameOf(contentType);
        if (head.Size != size)
            return new($"The stored file is {head.Size} bytes, but {size} bytes were announced.", "size");
        if (!string.Equals(head.ContentType, contentType, StringComparison.OrdinalIgnoreCase))
            return new($"The file was stored as {head.ContentType ?? "an unknown type"}, not as the announced {contentType}.", "content-type");

        var prefix = head.Prefix;
        var actual = ImageFormats.Sniff(prefix);
        if (actual == contentType) return Verification.Ok;
        return new(actual is null
            ? $"The file is not a {name} image: it is {ImageFormats.Describe(prefix)}."
            : $"The file is a {ImageFormats.NameOf(actual)} image, but it was announced as {name}.", "format");
    }

    private static UploadFailure Rejection(string? reason) =>
        new(StatusCodes.Status422UnprocessableEntity, "The upload was rejected.", reason ?? "The file is not an acceptable image.");

    private ImageTile Tile(Image image)
    {
        var url = viewUrls.For(image.ThumbnailKey ?? image.ObjectKey, image.ThumbnailContentType ?? image.ContentType, image.FileName);
        return new ImageTile(image.PublicId, image.Status.ToString(), image.FileName, image.ContentType, image.Size,
            image.Width, image.Height, image.Caption, url.OriginalString, $"/images/{image.PublicId:D}");
    }
}
