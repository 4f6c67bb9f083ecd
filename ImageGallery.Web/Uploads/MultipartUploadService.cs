using ImageGallery.Web.Data;
using ImageGallery.Web.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Uploads;

// Large files (README "Large files"): the original goes to its staging key as an S3
// multipart upload, each part PUT by the browser to a short-lived signed URL. The
// server starts the upload, signs parts, lists what storage holds, and completes it
// from its own listing (never the client's), then promotes and verifies the object
// exactly as a single upload's. Bytes never pass through here.
public sealed class MultipartUploadService(
    GalleryDbContext db,
    IObjectStore store,
    IMultipartStore multipart,
    UploadService uploads,
    PendingUploadWriter pendingWriter,
    IOptions<UploadOptions> options,
    TimeProvider time,
    ILogger<MultipartUploadService> logger)
{
    // A batch of part URLs; the browser asks for a few at a time as parts go up.
    public const int MaxPartsPerSign = 100;

    public async Task<UploadResult<MultipartStartResponse>> StartAsync(string userId, PresignRequest request, CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var errors = UploadRules.Validate(request, o, o.AllowedContentTypes, o.MaxMultipartBytes);
        if (errors.Count > 0)
            return UploadService.IsLocked(await uploads.AccountAsync(userId, ct), now)
                ? UploadFailure.Locked
                : new UploadFailure(StatusCodes.Status400BadRequest, "The upload request is not valid.", Errors: errors);

        var plan = MultipartPlan.For(request.Size, o.MultipartPartBytes);
        var image = UploadService.NewPendingImage(userId, request, now);
        image.PartSize = plan.PartSize;
        var (id, contentType) = (image.PublicId, image.ContentType);
        var expiresAt = UploadService.FormExpiry(now, o.FormLifetime);
        PresignedForm? thumbnailUpload = null;
        if (request.Thumbnail is { } t)
        {
            image.ThumbnailContentType = UploadRules.Normalize(t.ContentType!);
            image.ThumbnailSize = t.Size;
            image.ThumbnailKey = ObjectKeys.Thumbnail(userId, id, image.ThumbnailContentType);
            thumbnailUpload = store.CreateUploadForm(new UploadFormRequest(
                Staging(image, ObjectVariant.Thumb), image.ThumbnailContentType, t.Size, expiresAt));
        }

        try
        {
            image.MultipartUploadId = await multipart.StartAsync(Staging(image, ObjectVariant.Original), contentType, ct);
        }
        catch (StorageUnavailableException e)
        {
            logger.LogWarning(e, "Storage unavailable while starting a multipart upload for user {UserId}", userId);
            return Unavailable("Nothing was recorded. Try again in a moment.");
        }
        if (!await pendingWriter.RecordAsync(image, now, o.MaxImagesPerUser, o.MaxBytesPerUser))
        {
            await multipart.AbortAsync(Staging(image, ObjectVariant.Original), image.MultipartUploadId, ct);
            return await uploads.RefusalAsync(userId, now, ct);
        }
        logger.LogInformation("Multipart upload started for image {ImageId} of user {UserId}: {Parts} parts of {PartSize} bytes",
            id, userId, plan.PartCount, plan.PartSize);
        return new MultipartStartResponse(id, plan.PartSize, plan.PartCount,
            thumbnailUpload is null ? null : UploadForm.From(thumbnailUpload), expiresAt);
    }

    // Signing again is allowed while the upload is open: a URL that expired mid-upload
    // is replaced, never fatal. Every part may be up to the part size (the embedded store
    // enforces it; S3 cannot), and complete checks that they add up to the declared size.
    public async Task<UploadResult<SignPartsResponse>> SignPartsAsync(string userId, Guid id, SignPartsRequest request, CancellationToken ct)
    {
        var (image, failure) = await OpenUploadAsync(userId, id, ct);
        if (image is null) return failure!;
        var plan = Plan(image);
        var numbers = request.PartNumbers ?? [];
        if (numbers.Length is 0 or > MaxPartsPerSign || numbers.Distinct().Count() != numbers.Length)
            return Invalid("partNumbers", $"Ask for 1 to {MaxPartsPerSign} different part numbers at a time.");
        if (numbers.Any(n => n < 1 || n > plan.PartCount))
            return Invalid("partNumbers", $"Part numbers go from 1 to {plan.PartCount} for this file.");

        var now = time.GetUtcNow();
        var expiresAt = UploadService.FormExpiry(now, options.Value.FormLifetime);
        var key = Staging(image, ObjectVariant.Original);
        var parts = numbers.Select(n => new SignedPart(n, multipart.GetPartUrl(
            new PartUrlRequest(key, image.MultipartUploadId!, n, plan.PartSize, expiresAt)).OriginalString)).ToList();
        return new SignPartsResponse(parts, expiresAt);
    }

    public async Task<UploadResult<PartsResponse>> ListPartsAsync(string userId, Guid id, CancellationToken ct)
    {
        var (image, failure) = await OpenUploadAsync(userId, id, ct);
        if (image is null) return failure!;
        var plan = Plan(image);
        try
        {
            var stored = await multipart.ListPartsAsync(Staging(image, ObjectVariant.Original), image.MultipartUploadId!, ct);
            if (stored is null) return UploadFailure.NotFound;
            return new PartsResponse(image.PublicId, image.FileName, image.Size, plan.PartSize, plan.PartCount,
                stored.Select(p => new ListedPart(p.PartNumber, p.Size, p.ETag)).ToList());
        }
        catch (StorageUnavailableException)
        {
            return Unavailable("Your upload is kept. Try again in a moment.");
        }
    }

    public async Task<UploadResult<ImageTile>> CompleteAsync(string userId, Guid id, CancellationToken ct)
    {
        if (UploadService.IsLocked(await uploads.AccountAsync(userId, ct), time.GetUtcNow())) return UploadFailure.Locked;
        var image = await db.Images.AsNoTracking()
            .SingleOrDefaultAsync(i => i.PublicId == id && i.OwnerId == userId && i.PartSize != null, ct);
        if (image is null) return UploadFailure.NotFound;
        if (image.Status != ImageStatus.Pending) return uploads.Tile(image);

        try
        {
            if (image.MultipartUploadId is { } uploadId)
            {
                var assembled = await AssembleAsync(image, uploadId, ct);
                if (assembled is not null) return assembled;
            }
            return await new Promotion(db, store, uploads, time, logger).RunAsync(image, ct) switch
            {
                { Tile: { } tile } => tile,
                { Problem: { } reason } => await DiscardAsync(image, reason, ct),
                _ => UploadFailure.NotFound,
            };
        }
        catch (StorageUnavailableException e)
        {
            logger.LogWarning(e, "Storage unavailable while completing multipart upload {ImageId}; it stays pending", id);
            return Unavailable("Your upload is kept. Try completing it again in a moment.");
        }
    }

    // Lists the parts itself, checks them against the plan and the declared size, and has
    // storage assemble them at the staging key. Null when assembled (or already assembled
    // by a racing call); otherwise the answer.
    private async Task<UploadFailure?> AssembleAsync(Image image, string uploadId, CancellationToken ct)
    {
        var plan = Plan(image);
        var key = Staging(image, ObjectVariant.Original);
        var stored = await multipart.ListPartsAsync(key, uploadId, ct);
        if (stored is not null)
        {
            var outside = stored.Where(p => p.PartNumber < 1 || p.PartNumber > plan.PartCount).ToList();
            var missing = Enumerable.Range(1, plan.PartCount).Except(stored.Select(p => p.PartNumber)).ToList();
            if (outside.Count == 0 && missing.Count > 0)
                return new UploadFailure(StatusCodes.Status409Conflict, "Parts are missing.",
                    $"Storage does not have part(s) {string.Join(", ", missing.Take(20))} yet. Upload them, then complete again.");
            var total = stored.Sum(p => p.Size);
            if (outside.Count > 0 || total != image.Size)
                return await DiscardAsync(image, $"The parts add up to {total} bytes, but {image.Size} bytes were announced.", ct);
            if (!await multipart.CompleteAsync(key, uploadId, stored, ct) && await store.GetInfoAsync(key, ct) is null)
                return await DiscardAsync(image, "Storage refused to assemble the parts.", ct);
        }
        else if (await store.GetInfoAsync(key, ct) is null)
        {
            return await DiscardAsync(image, "The upload no longer exists in storage.", ct);
        }

        // One caller claims the assembled upload; a racing complete hears the outcome.
        var claimed = await db.Images
            .Where(i => i.Id == image.Id && i.Status == ImageStatus.Pending && i.MultipartUploadId == uploadId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.MultipartUploadId, (string?)null), ct);
        if (claimed == 1) return null;
        var now = await db.Images.AsNoTracking().SingleOrDefaultAsync(i => i.Id == image.Id, ct);
        return now is null ? UploadFailure.NotFound
            : new UploadFailure(StatusCodes.Status409Conflict, "The upload is being completed.", "Ask again in a moment.");
    }

    public async Task<UploadResult<bool>> AbortAsync(string userId, Guid id, CancellationToken ct)
    {
        var image = await db.Images.AsNoTracking()
            .SingleOrDefaultAsync(i => i.PublicId == id && i.OwnerId == userId && i.PartSize != null, ct);
        if (image is null) return UploadFailure.NotFound;
        if (image.Status != ImageStatus.Pending)
            return new UploadFailure(StatusCodes.Status409Conflict, "The upload is already complete.", "Delete the image instead.");
        try
        {
            return await ForgetAsync(image, ct);
        }
        catch (StorageUnavailableException)
        {
            return Unavailable("Nothing was removed. Try again in a moment.");
        }
    }

    // Aborts the upload and removes what it left, then the record if it is still
    // Pending; the quota goes back only when this call removed the record.
    internal async Task<bool> ForgetAsync(Image image, CancellationToken ct)
    {
        var removed = await db.InTransactionAsync(async () =>
        {
            var rows = await db.Images.Where(i => i.Id == image.Id && i.Status == ImageStatus.Pending).ExecuteDeleteAsync(ct);
            if (rows == 1) await db.ReleaseAsync(image.OwnerId, 1, image.StoredBytes(), ct);
            return rows == 1;
        }, ct);
        if (!removed) return false;
        // After the record: a racing complete that already verified keeps its objects.
        if (image.MultipartUploadId is { } uploadId)
            await multipart.AbortAsync(Staging(image, ObjectVariant.Original), uploadId, ct);
        foreach (var key in new[] { Staging(image, ObjectVariant.Original), image.ObjectKey })
            await store.DeleteAsync(key, ct);
        if (image.ThumbnailContentType is not null)
        {
            await store.DeleteAsync(Staging(image, ObjectVariant.Thumb), ct);
            if (image.ThumbnailKey is not null) await store.DeleteAsync(image.ThumbnailKey, ct);
        }
        return true;
    }

    private async Task<UploadFailure> DiscardAsync(Image image, string reason, CancellationToken ct)
    {
        if (!await ForgetAsync(image, ct))
            return await db.Images.AsNoTracking().AnyAsync(i => i.Id == image.Id, ct)
                ? new UploadFailure(StatusCodes.Status409Conflict, "The upload is being completed.", "Ask again in a moment.")
                : UploadFailure.NotFound;
        logger.LogWarning("Multipart upload {ImageId} of user {UserId} discarded: {Reason}", image.PublicId, image.OwnerId, reason);
        return UploadService.Rejection(reason + " Nothing was kept.");
    }

    // The caller's own multipart upload, still open; anyone else's is a 404.
    private async Task<(Image? Image, UploadFailure? Failure)> OpenUploadAsync(string userId, Guid id, CancellationToken ct)
    {
        if (UploadService.IsLocked(await uploads.AccountAsync(userId, ct), time.GetUtcNow())) return (null, UploadFailure.Locked);
        var image = await db.Images.AsNoTracking()
            .SingleOrDefaultAsync(i => i.PublicId == id && i.OwnerId == userId && i.PartSize != null, ct);
        if (image is null) return (null, UploadFailure.NotFound);
        if (image.Status != ImageStatus.Pending || image.MultipartUploadId is null)
            return (null, new UploadFailure(StatusCodes.Status409Conflict, "The upload is already complete.",
                "Its parts can no longer be written."));
        return (image, null);
    }

    private static MultipartPlan Plan(Image image) =>
        new(image.PartSize!.Value, (int)((image.Size + image.PartSize.Value - 1) / image.PartSize.Value));

    internal static string Staging(Image image, ObjectVariant variant) => variant == ObjectVariant.Thumb
        ? ObjectKeys.Staging(image.OwnerId, image.PublicId, variant, image.ThumbnailContentType!)
        : ObjectKeys.Staging(image.OwnerId, image.PublicId, variant, image.ContentType);

    private static UploadFailure Invalid(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "The request is not valid.", message, new() { [field] = [message] });

    private static UploadFailure Unavailable(string detail) =>
        new(StatusCodes.Status503ServiceUnavailable, "Storage is unavailable.", detail);
}
