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
    StagedObjectPromoter promoter,
    ImageUrls imageUrls,
    IOptions<UploadOptions> options,
    IOptions<GalleryOptions> gallery,
    TimeProvider time,
    GalleryMetrics metrics,
    ILogger<UploadService> logger)
{
    internal sealed record Account(DateTime? LockedAt, int? MaxImagesOverride, long? MaxBytesOverride, int ImageCount, long BytesUsed);

    public async Task<UploadResult<PresignResponse>> PresignAsync(string userId, PresignRequest request, CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        // The lock is checked on every presign, by the reservation itself (one statement,
        // no read first).
        if (await InvalidRequestAsync(userId, request, now, ct) is { } invalid) return invalid;

        var expiresAt = FormExpiry(now, o.FormLifetime);
        var image = await NewPendingImageAsync(userId, request, now, ct);
        var (id, contentType) = (image.PublicId, image.ContentType);
        // Forms write staging keys only; complete copies to the permanent keys above.
        var upload = store.CreateUploadForm(new UploadFormRequest(
            ObjectKeys.StagedOriginal(image), contentType, image.Size, expiresAt));

        var (thumbnailUpload, displayUpload) = VariantForms(image, request, expiresAt);

        if (!await pendingWriter.RecordAsync(image, o.MaxImagesPerUser, o.MaxBytesPerUser))
            return await RefusalAsync(userId, ct);
        logger.LogInformation("Upload form issued for image {ImageId} to user {UserId}: {Bytes} bytes of {ContentType}", id, userId, image.Size, image.ContentType);
        return new PresignResponse(id, UploadForm.From(upload), thumbnailUpload, expiresAt, displayUpload);
    }

    // The rules of a presign, single or multipart (maxBytes: the latter's larger limit);
    // null when they hold. A locked person hears so before being told their request is bad.
    internal async Task<UploadFailure?> InvalidRequestAsync(string userId, PresignRequest request, DateTimeOffset now,
        CancellationToken ct, long? maxBytes = null)
    {
        var errors = UploadRules.Validate(request, options.Value, gallery.Value.DisplaySize, now, maxBytes);
        if (errors.Count == 0) return null;
        return IsLocked(await AccountAsync(userId, ct))
            ? UploadFailure.Locked
            : new UploadFailure(StatusCodes.Status400BadRequest, "The upload request is not valid.", Errors: errors);
    }

    // The Pending record of a single or multipart upload, with the photo's facts: what the
    // browser read from EXIF, as untrusted input that UploadRules has already bounded.
    internal async Task<Image> NewPendingImageAsync(string userId, PresignRequest request, DateTimeOffset now, CancellationToken ct)
    {
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
        image.TakenAt = request.Exif?.TakenAt is { } taken ? ExifRules.ParseTakenAt(taken) : null;
        image.SortKey = image.TakenAt ?? image.CreatedAt;
        // The owner's setting is read only when there is a position to keep or drop.
        var keepLocation = request.Exif is { Latitude: not null, Longitude: not null } &&
            await db.Users.Where(u => u.Id == userId).Select(u => u.KeepPhotoLocation).FirstOrDefaultAsync(ct);
        image.Facts = ExifRules.Facts(request.Exif, keepLocation);
        return image;
    }

    // The browser-made thumbnail and display copy of a single or multipart upload, each
    // recorded on the image with a form that can write only its staging key; null for
    // one that was not declared.
    internal (UploadForm? Thumbnail, UploadForm? Display) VariantForms(Image image, PresignRequest request, DateTimeOffset expiresAt) =>
        (VariantForm(image, ObjectVariant.Thumb, request.Thumbnail?.ContentType, request.Thumbnail?.Size ?? 0, null, expiresAt),
         VariantForm(image, ObjectVariant.Display, request.Display?.ContentType, request.Display?.Size ?? 0, request.Display?.Width, expiresAt));

    private UploadForm? VariantForm(Image image, ObjectVariant variant, string? declaredType, long size, int? width, DateTimeOffset expiresAt)
    {
        if (declaredType is null) return null;
        var contentType = UploadRules.Normalize(declaredType);
        BrowserVariants.Record(image, variant, contentType, size, width);
        return UploadForm.From(store.CreateUploadForm(new UploadFormRequest(
            Staged(image, variant, contentType), contentType, size, expiresAt)));
    }

    // Whole seconds, so an expiry reads the same in every answer and signature.
    internal static DateTimeOffset FormExpiry(DateTimeOffset now, TimeSpan lifetime) =>
        now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)) + lifetime;

    // Claim the Pending row, promote each staged object to its permanent key (copy, then
    // verify the copy), and record the outcome with one transition conditional on the
    // claim; only that transition's row count decides whether bytes are released.
    public async Task<UploadResult<ImageTile>> CompleteAsync(string userId, Guid id, CancellationToken ct)
    {
        if (IsLocked(await AccountAsync(userId, ct))) return UploadFailure.Locked;

        var image = await db.Images.AsNoTracking().SingleOrDefaultAsync(i => i.PublicId == id && i.OwnerId == userId, ct);
        if (image is null) return UploadFailure.NotFound;
        // Repeating complete answers what the first one did.
        if (image.Status != ImageStatus.Pending) return Answer(image);
        if (await db.TryClaimAsync(image.Id, time.GetUtcNow().UtcDateTime, ct) is not { } claim)
            return await AnswerAfterRaceAsync(userId, id, ct);
        return await PromoteClaimedAsync(image, claim, ct);
    }

    // The rest of complete, under a claim the caller took (a multipart complete keeps the
    // one it assembled the parts under): promote and verify, then record the outcome.
    // originalInPlace: the original is already at its permanent key (assembled there from
    // a multipart upload's parts), so it is verified where it is instead of copied.
    internal async Task<UploadResult<ImageTile>> PromoteClaimedAsync(Image image, DateTime claim, CancellationToken ct,
        bool originalInPlace = false)
    {
        var (userId, id) = (image.OwnerId, image.PublicId);
        try
        {
            var original = originalInPlace
                ? await promoter.VerifyInPlaceAsync(image.ObjectKey, image.ContentType, image.Size, ct)
                : await promoter.PromoteAsync(ObjectKeys.StagedOriginal(image), image.ObjectKey, image.ContentType, image.Size, ct);
            if (original == Verification.Missing)
            {
                await db.ReleaseClaimAsync(image.Id, claim, ct);
                return new UploadFailure(StatusCodes.Status409Conflict, "The file is not in storage yet.",
                    "Upload the file with the form first, then report it complete.");
            }
            if (original.Problem is { } reason)
            {
                await deleter.DeleteObjectsAsync(image, ct);
                var rejected = await TransitionAsync(image, claim, ImageStatus.Rejected, reason, dropped: [], ct);
                logger.LogWarning("Upload {ImageId} of user {UserId} failed verification ({Check}); objects deleted",
                    id, userId, original.Check);
                return rejected ? Rejection(reason) : await AnswerAfterRaceAsync(userId, id, ct);
            }

            // The thumbnail and the display copy are conveniences: one that is missing or
            // fails its check is dropped (and its bytes released), never the image. Without
            // them the tile and the page fall back as ImageUrls says.
            var dropped = new List<BrowserVariant>();
            foreach (var variant in BrowserVariants.Of(image))
            {
                var check = await promoter.PromoteAsync(variant.StagingKey(image), variant.Key, variant.ContentType, variant.Size, ct);
                if (check.IsOk) continue;
                dropped.Add(variant);
                logger.LogInformation("{Variant} of upload {ImageId} dropped ({Check})", variant.Variant, id, check.Check);
            }

            if (!await TransitionAsync(image, claim, ImageStatus.AwaitingReview, null, dropped, ct))
            {
                // Deleted (or taken over) while we worked: what we copied belongs to no one.
                if (await db.Images.AsNoTracking().AnyAsync(i => i.Id == image.Id && i.Status != ImageStatus.Pending, ct) == false)
                    foreach (var key in ImageDeleter.Keys(image, staging: false)) await store.DeleteAsync(key, ct);
                return await AnswerAfterRaceAsync(userId, id, ct);
            }
            await RemoveStagingAsync(image, originalInPlace);
            logger.LogInformation("Upload {ImageId} of user {UserId} verified: {Bytes} bytes of {ContentType}, {Dropped} variant(s) dropped",
                id, userId, image.Size, image.ContentType, dropped.Count);
            metrics.Verified(image.Size);
            // The row is what the transition just made it: no need to read it back.
            image.Status = ImageStatus.AwaitingReview;
            foreach (var variant in dropped) BrowserVariants.Forget(image, variant.Variant);
            return Answer(image);
        }
        catch (StorageUnavailableException e)
        {
            logger.LogWarning(e, "Storage unavailable while completing upload {ImageId}; it stays pending", id);
            await db.ReleaseClaimAsync(image.Id, claim, CancellationToken.None);
            return UploadFailure.Unavailable("Your upload is kept. Try completing it again in a moment.");
        }
    }

    private static string Staged(Image image, ObjectVariant variant, string contentType) =>
        ObjectKeys.Staging(image.OwnerId, image.PublicId, variant, contentType);

    // Pending → status, only under our claim. Dropped variants' bytes are released in the
    // same transaction, and only by the call whose UPDATE changed the row.
    private Task<bool> TransitionAsync(Image image, DateTime claim, ImageStatus status, string? reason,
        IReadOnlyCollection<BrowserVariant> dropped, CancellationToken ct)
    {
        var at = time.GetUtcNow().UtcDateTime;
        return db.InTransactionAsync(async () =>
        {
            var rows = await db.Claimed(image.Id, claim).ExecuteUpdateAsync(s =>
            {
                // A multipart upload's id is spent by now: recorded with the outcome.
                s.SetProperty(i => i.Status, status).SetProperty(i => i.UploadedAt, at)
                    .SetProperty(i => i.MultipartUploadId, (string?)null);
                if (reason is not null) s.SetProperty(i => i.RejectionReason, reason);
                if (dropped.Any(v => v.Variant == ObjectVariant.Thumb))
                    s.SetProperty(i => i.ThumbnailKey, (string?)null)
                        .SetProperty(i => i.ThumbnailContentType, (string?)null)
                        .SetProperty(i => i.ThumbnailSize, (long?)null);
                if (dropped.Any(v => v.Variant == ObjectVariant.Display))
                    s.SetProperty(i => i.DisplayKey, (string?)null)
                        .SetProperty(i => i.DisplayContentType, (string?)null)
                        .SetProperty(i => i.DisplaySize, (long?)null)
                        .SetProperty(i => i.DisplayWidth, (int?)null);
            }, ct);
            if (rows != 1) return false;
            if (dropped.Count > 0) await db.ReleaseAsync(image.OwnerId, 0, dropped.Sum(v => v.Size), ct);
            return true;
        }, ct);
    }

    // The staging objects have done their job; if storage fails now, the sweeper (and on
    // S3 the lifecycle rule) removes them later. They are never served either way.
    private async Task RemoveStagingAsync(Image image, bool originalInPlace)
    {
        try
        {
            if (!originalInPlace) await store.DeleteAsync(ObjectKeys.StagedOriginal(image), CancellationToken.None);
            foreach (var variant in BrowserVariants.Of(image))
                await store.DeleteAsync(variant.StagingKey(image), CancellationToken.None);
        }
        catch (StorageUnavailableException e)
        {
            logger.LogWarning(e, "Staging objects of upload {ImageId} left for the sweeper", image.PublicId);
        }
    }

    // Someone else moved the upload on meanwhile (another complete, a delete, the sweeper).
    private async Task<UploadResult<ImageTile>> AnswerAfterRaceAsync(string userId, Guid id, CancellationToken ct)
    {
        var image = await db.Images.AsNoTracking().SingleOrDefaultAsync(i => i.PublicId == id && i.OwnerId == userId, ct);
        if (image is null) return UploadFailure.NotFound;
        if (image.Status != ImageStatus.Pending) return Answer(image);
        return UploadFailure.BeingCompleted;
    }

    private UploadResult<ImageTile> Answer(Image image) =>
        image.Status == ImageStatus.Rejected ? Rejection(image.RejectionReason) : Tile(image);

    // An owner's Pending upload, or an admin (whose deletions of other people's images are audited).
    // Null when this call deleted it. A Pending upload is deleted only under its own claim:
    // a complete holding one is copying and checking its objects, and deleting them under it
    // would leave a copy at the permanent key that no record counts (409: try again; once it
    // has completed, the owner's DELETE moves it to the trash instead).
    public async Task<UploadFailure?> DeleteAsync(string userId, bool isAdmin, Guid id, CancellationToken ct)
    {
        var image = await db.Images.AsNoTracking().SingleOrDefaultAsync(i => i.PublicId == id, ct);
        if (image is null) return UploadFailure.NotFound;
        // The owner's other images go through the trash (Trash/), never straight to deletion here.
        if (image.OwnerId == userId ? image.Status != ImageStatus.Pending : !isAdmin) return UploadFailure.NotFound;
        DateTime? claim = null;
        if (image.Status == ImageStatus.Pending &&
            (claim = await db.TryClaimAsync(image.Id, time.GetUtcNow().UtcDateTime, ct)) is null)
            return await db.Images.AnyAsync(i => i.Id == image.Id, ct) ? UploadFailure.BeingCompleted : UploadFailure.NotFound;
        AuditEntry? entry = null;
        if (image.OwnerId != userId)
        {
            var emails = await db.Users.Where(u => u.Id == userId || u.Id == image.OwnerId)
                .ToDictionaryAsync(u => u.Id, u => u.Email ?? "", ct);
            entry = audit.Add(new Actor(userId, emails.GetValueOrDefault(userId, "")), AuditActions.Delete, image.PublicId,
                image.OwnerId, emails.GetValueOrDefault(image.OwnerId), "Deleted through the API.");
        }
        bool deleted;
        try
        {
            // Whoever removed the row first did the deleting; a racing second call is a 404.
            deleted = await deleter.DeleteAsync(image, ct);
        }
        catch (StorageUnavailableException) when (claim is { } held)
        {
            if (entry is not null) audit.Discard(entry);
            await db.ReleaseClaimAsync(image.Id, held, CancellationToken.None);
            throw;
        }
        if (!deleted)
        {
            if (entry is not null) audit.Discard(entry);
            return UploadFailure.NotFound;
        }
        logger.LogInformation("Image {ImageId} deleted by user {UserId}", id, userId);
        return null;
    }

    internal Task<Account?> AccountAsync(string userId, CancellationToken ct) =>
        db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new Account(u.LockedAt, u.MaxImagesOverride, u.MaxBytesOverride, u.ImageCount, u.BytesUsed))
            .SingleOrDefaultAsync(ct);

    // Checked on every request, not only at login: an admin's lock takes effect at once.
    // Only the admin's: a sign-in lockout (LockoutEnd) stops new sign-ins, never a session.
    internal static bool IsLocked(Account? account) => account is null || account.LockedAt is not null;

    // Called only after the reservation refused, to say why: the lock, or which limit.
    // Pending uploads count: otherwise a script could hold any number of open forms.
    // newImage: false when the refused bytes were for an image already counted (a large
    // file's small copies, declared after its start), so only the byte limit applies.
    internal async Task<UploadFailure> RefusalAsync(string userId, CancellationToken ct, bool newImage = true)
    {
        var account = await AccountAsync(userId, ct);
        if (IsLocked(account)) return UploadFailure.Locked;
        var maxImages = account!.MaxImagesOverride ?? options.Value.MaxImagesPerUser;
        var maxBytes = account.MaxBytesOverride ?? options.Value.MaxBytesPerUser;
        if (newImage && account.ImageCount + 1 > maxImages)
            return Quota(StatusCodes.Status409Conflict, $"You have reached your limit of {maxImages} images. Delete some to upload more.");
        return Quota(StatusCodes.Status413PayloadTooLarge,
            $"This upload would take you past your storage limit of {maxBytes} bytes ({account.BytesUsed} in use). Delete some images to upload more.");

        static UploadFailure Quota(int status, string detail) =>
            new(status, "Upload quota reached.", detail, new() { ["quota"] = [detail] });
    }

    internal static UploadFailure Rejection(string? reason) =>
        new(StatusCodes.Status422UnprocessableEntity, "The upload was rejected.", reason ?? "The file is not an acceptable image.");

    // What the gallery would show the owner: under pre-moderation never the original.
    internal ImageTile Tile(Image image)
    {
        var url = imageUrls.Preview(ImageObjects.From(image), Viewer.Owner);
        return new ImageTile(image.PublicId, image.Status.ToString(), image.FileName, image.ContentType, image.Size,
            image.Width, image.Height, image.Caption, url?.OriginalString, $"/images/{image.PublicId:D}");
    }
}
