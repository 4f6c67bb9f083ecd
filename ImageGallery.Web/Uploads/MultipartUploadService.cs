using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using ImageGallery.Web.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Uploads;

// Large files (README "Large files"): the original is an S3 multipart upload at its
// permanent key, each part PUT by the browser to a short-lived signed URL for that upload
// id. The server starts the upload, signs parts, lists what storage holds, and completes
// it from its own listing (never the client's): storage assembles exactly the parts
// listed, and the object is verified where it is (UploadService) before any record serves
// it. No copy is needed, because nothing the browser holds can write that key: part URLs
// write only into the upload, and the upload id is spent once completed (or aborted).
// The small copies go as a single upload's do (staging key, copy, verify the copy), and
// may be declared after the start, while the parts go up (DeclareVariantsAsync).
// Bytes never pass through here.
public sealed class MultipartUploadService(
    GalleryDbContext db,
    IMultipartStore multipart,
    IObjectStore store,
    UploadService uploads,
    ImageDeleter deleter,
    PendingUploadWriter pendingWriter,
    IOptions<UploadOptions> options,
    TimeProvider time,
    ILogger<MultipartUploadService> logger)
{
    // A batch of part URLs; the browser asks for a few at a time as parts go up.
    public const int MaxPartsPerSign = 100;
    // Part URLs signed with the start, as many as the browser asks for per signing call
    // (multipart.js SIGN_BATCH): 256 MiB in parts of 16 MiB needs no signing call at all.
    public const int FirstPartsSigned = 16;
    private const int SweepBatch = 100;

    public async Task<UploadResult<MultipartStartResponse>> StartAsync(string userId, PresignRequest request, CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        if (await uploads.InvalidRequestAsync(userId, request, now, ct, o.MaxMultipartBytes) is { } invalid) return invalid;

        var plan = MultipartPlan.For(request.Size, o.MultipartPartBytes);
        var image = await uploads.NewPendingImageAsync(userId, request, now, ct);
        image.PartSize = plan.PartSize;
        var (id, contentType) = (image.PublicId, image.ContentType);
        var expiresAt = UploadService.FormExpiry(now, o.FormLifetime);
        var (thumbnailUpload, displayUpload) = uploads.VariantForms(image, request, expiresAt);

        try
        {
            image.MultipartUploadId = await multipart.StartAsync(image.ObjectKey, contentType, ct);
        }
        catch (StorageUnavailableException e)
        {
            logger.LogWarning(e, "Storage unavailable while starting a multipart upload for user {UserId}", userId);
            return UploadFailure.Unavailable("Nothing was recorded. Try again in a moment.");
        }
        if (!await pendingWriter.RecordAsync(image, o.MaxImagesPerUser, o.MaxBytesPerUser))
        {
            await multipart.AbortAsync(image.ObjectKey, image.MultipartUploadId, ct);
            return await uploads.RefusalAsync(userId, ct);
        }
        logger.LogInformation("Multipart upload started for image {ImageId} of user {UserId}: {Parts} parts of {PartSize} bytes",
            id, userId, plan.PartCount, plan.PartSize);
        var parts = SignParts(image, plan, Enumerable.Range(1, Math.Min(plan.PartCount, FirstPartsSigned)), expiresAt);
        return new MultipartStartResponse(id, plan.PartSize, plan.PartCount, parts, thumbnailUpload, displayUpload, expiresAt);
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

        var expiresAt = UploadService.FormExpiry(time.GetUtcNow(), options.Value.FormLifetime);
        return new SignPartsResponse(SignParts(image, plan, numbers, expiresAt), expiresAt);
    }

    private List<SignedPart> SignParts(Image image, MultipartPlan plan, IEnumerable<int> numbers, DateTimeOffset expiresAt) =>
        numbers.Select(n => new SignedPart(n, multipart.GetPartUrl(
            new PartUrlRequest(image.ObjectKey, image.MultipartUploadId!, n, plan.PartSize, expiresAt)).OriginalString)).ToList();

    // The thumbnail and display copy of a large file, declared once the browser has made
    // them (its decode of a large file takes as long as a few parts, so it runs while they
    // go up): the same rules as at a presign, their bytes reserved in the quota, recorded
    // on the Pending row only while no complete has claimed it, and a form for each staging
    // key. Declaring the same copies again answers fresh forms (one expired, a resume);
    // different ones, once some are recorded, are a 409.
    public async Task<UploadResult<MultipartVariantsResponse>> DeclareVariantsAsync(
        string userId, Guid id, MultipartVariantsRequest request, CancellationToken ct)
    {
        var (image, failure) = await OpenUploadAsync(userId, id, ct);
        if (image is null) return failure!;
        var o = options.Value;
        var now = time.GetUtcNow();
        var asPresign = new PresignRequest(image.FileName, image.ContentType, image.Size,
            request.Width, request.Height, request.Thumbnail, Display: request.Display);
        if (await uploads.InvalidRequestAsync(userId, asPresign, now, ct, o.MaxMultipartBytes) is { } invalid) return invalid;

        var recorded = (Variants: BrowserVariants.Of(image).ToList(), image.DisplayWidth);
        BrowserVariants.Forget(image, ObjectVariant.Thumb);
        BrowserVariants.Forget(image, ObjectVariant.Display);
        var expiresAt = UploadService.FormExpiry(now, o.FormLifetime);
        var (thumbnailUpload, displayUpload) = uploads.VariantForms(image, asPresign, expiresAt);
        var declared = BrowserVariants.Of(image).ToList();
        if (recorded.Variants.Count > 0)
            return declared.SequenceEqual(recorded.Variants) && image.DisplayWidth == recorded.DisplayWidth
                ? new MultipartVariantsResponse(thumbnailUpload, displayUpload, expiresAt)
                : new UploadFailure(StatusCodes.Status409Conflict, "The small copies were already declared.",
                    "This upload's thumbnail and display copy were declared with other sizes; they cannot be changed.");

        var bytes = declared.Sum(v => v.Size);
        var (width, height) = (request.Width ?? image.Width, request.Height ?? image.Height);
        var outcome = await db.InTransactionAsync(async () =>
        {
            if (bytes > 0 && !await db.TryReserveBytesAsync(userId, bytes, o.MaxBytesPerUser, ct))
                return Declared.OverQuota;
            // Only while nothing holds a claim: a complete reads the row once it has claimed
            // it, so it promotes (and a delete releases) exactly what is recorded here.
            var rows = await db.Images.Where(i => i.Id == image.Id && i.Status == ImageStatus.Pending &&
                                                  i.UploadedAt == null && i.MultipartUploadId != null &&
                                                  i.ThumbnailKey == null && i.DisplayKey == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.Width, width).SetProperty(i => i.Height, height)
                    .SetProperty(i => i.ThumbnailKey, image.ThumbnailKey)
                    .SetProperty(i => i.ThumbnailContentType, image.ThumbnailContentType)
                    .SetProperty(i => i.ThumbnailSize, image.ThumbnailSize)
                    .SetProperty(i => i.DisplayKey, image.DisplayKey)
                    .SetProperty(i => i.DisplayContentType, image.DisplayContentType)
                    .SetProperty(i => i.DisplaySize, image.DisplaySize)
                    .SetProperty(i => i.DisplayWidth, image.DisplayWidth), ct);
            if (rows == 1) return Declared.Recorded;
            if (bytes > 0) await db.ReleaseAsync(userId, 0, bytes, ct);
            return Declared.Changed;
        }, ct);
        return outcome switch
        {
            Declared.Recorded => new MultipartVariantsResponse(thumbnailUpload, displayUpload, expiresAt),
            Declared.OverQuota => await uploads.RefusalAsync(userId, ct, newImage: false),
            _ => new UploadFailure(StatusCodes.Status409Conflict, "The upload changed meanwhile.",
                "It is being completed, or its small copies were declared by another request."),
        };
    }

    private enum Declared { Recorded, OverQuota, Changed }

    public async Task<UploadResult<PartsResponse>> ListPartsAsync(string userId, Guid id, CancellationToken ct)
    {
        var (image, failure) = await OpenUploadAsync(userId, id, ct);
        if (image is null) return failure!;
        var plan = Plan(image);
        try
        {
            var stored = await multipart.ListPartsAsync(image.ObjectKey, image.MultipartUploadId!, ct);
            if (stored is null) return UploadFailure.NotFound;
            return new PartsResponse(image.PublicId, image.FileName, image.Size, plan.PartSize, plan.PartCount,
                stored.Select(p => new ListedPart(p.PartNumber, p.Size, p.ETag)).ToList());
        }
        catch (StorageUnavailableException)
        {
            return UploadFailure.Unavailable("Your upload is kept. Try again in a moment.");
        }
    }

    public async Task<UploadResult<ImageTile>> CompleteAsync(string userId, Guid id, CancellationToken ct)
    {
        // Claimed like a single complete, so a racing complete, abort or sweep waits; the one
        // claim covers assembling the parts and verifying the result. One statement finds and
        // claims the caller's own open upload unless an admin has locked them; then the row is
        // read once, under the claim (so small copies declared until then are promoted too,
        // and none can be declared after).
        var mine = db.Images.Where(i => i.PublicId == id && i.OwnerId == userId && i.PartSize != null &&
                                        i.MultipartUploadId != null &&
                                        !db.Users.Any(u => u.Id == userId && u.LockedAt != null));
        UploadResult<ImageTile> result;
        if (await db.TryClaimAsync(mine, time.GetUtcNow().UtcDateTime, ct) is { } claim)
        {
            var image = await db.Images.AsNoTracking()
                .SingleAsync(i => i.PublicId == id && i.Status == ImageStatus.Pending && i.UploadedAt == claim, ct);
            try
            {
                if (await AssembleAsync(image, claim, ct) is { } refused) return refused;
            }
            catch (StorageUnavailableException e)
            {
                await db.ReleaseClaimAsync(image.Id, claim, CancellationToken.None);
                logger.LogWarning(e, "Storage unavailable while completing multipart upload {ImageId}; it stays pending", id);
                return UploadFailure.Unavailable("Your upload is kept. Try completing it again in a moment.");
            }
            // The original is at its permanent key now: verified there, never copied.
            result = await uploads.PromoteClaimedAsync(image, claim, ct, originalInPlace: true);
        }
        else
        {
            // Not claimable: locked, not the caller's upload in parts, completed (complete
            // again answers what the first one did), or being completed.
            if (UploadService.IsLocked(await uploads.AccountAsync(userId, ct))) return UploadFailure.Locked;
            if (!await db.Images.AnyAsync(i => i.PublicId == id && i.OwnerId == userId && i.PartSize != null, ct))
                return UploadFailure.NotFound;
            result = await uploads.CompleteAsync(userId, id, ct);
        }
        if (result.Failure is not { Status: StatusCodes.Status422UnprocessableEntity } failure) return result;
        // A large file that failed verification is not kept as Rejected: it goes, with its quota.
        if (await db.Images.AsNoTracking().SingleOrDefaultAsync(i => i.PublicId == id && i.OwnerId == userId &&
                                                                     i.Status == ImageStatus.Rejected, ct) is { } rejected)
            await deleter.DeleteAsync(rejected, ct);
        return failure with { Detail = failure.Detail + " Nothing was kept." };
    }

    // Under the claim: lists the parts itself, checks them against the plan and the
    // declared size, and has storage assemble them at the permanent key, the claim kept
    // for the verification. Null when assembled; otherwise the answer (the claim given
    // back or gone). The upload id is recorded as spent by the transition that follows.
    private async Task<UploadFailure?> AssembleAsync(Image image, DateTime claim, CancellationToken ct)
    {
        var plan = Plan(image);
        var key = image.ObjectKey;
        var stored = await multipart.ListPartsAsync(key, image.MultipartUploadId!, ct);
        if (stored is null)
        {
            // Spent by an earlier complete that had storage assemble the parts and stopped
            // before recording it (storage timed out, the app stopped): the object is there
            // to verify. Otherwise the upload is gone (aborted, or the lifecycle rule).
            return await store.ReadHeadAsync(key, ImageFormats.PrefixLength, ct) is not null
                ? null
                : await DiscardAsync(image, claim, "The upload no longer exists in storage.", ct);
        }
        var outside = stored.Where(p => p.PartNumber < 1 || p.PartNumber > plan.PartCount).ToList();
        var missing = Enumerable.Range(1, plan.PartCount).Except(stored.Select(p => p.PartNumber)).ToList();
        if (outside.Count == 0 && missing.Count > 0)
        {
            await db.ReleaseClaimAsync(image.Id, claim, ct);
            return new UploadFailure(StatusCodes.Status409Conflict, "Parts are missing.",
                $"Storage does not have part(s) {string.Join(", ", missing.Take(20))} yet. Upload them, then complete again.");
        }
        var total = stored.Sum(p => p.Size);
        if (outside.Count > 0 || total != image.Size)
            return await DiscardAsync(image, claim, $"The parts add up to {total} bytes, but {image.Size} bytes were announced.", ct);
        return await multipart.CompleteAsync(key, image.MultipartUploadId!, stored, ct)
            ? null
            : await DiscardAsync(image, claim, "Storage refused to assemble the parts.", ct);
    }

    public async Task<UploadResult<bool>> AbortAsync(string userId, Guid id, CancellationToken ct)
    {
        var image = await db.Images.AsNoTracking()
            .SingleOrDefaultAsync(i => i.PublicId == id && i.OwnerId == userId && i.PartSize != null, ct);
        if (image is null) return UploadFailure.NotFound;
        if (image.Status != ImageStatus.Pending)
            return new UploadFailure(StatusCodes.Status409Conflict, "The upload is already complete.", "Delete the image instead.");
        if (await db.TryClaimAsync(image.Id, time.GetUtcNow().UtcDateTime, ct) is not { } claim)
            return UploadFailure.BeingCompleted;
        try
        {
            return await ForgetAsync(image, claim, ct);
        }
        catch (StorageUnavailableException)
        {
            await db.ReleaseClaimAsync(image.Id, claim, CancellationToken.None);
            return UploadFailure.Unavailable("Nothing was removed. Try again in a moment.");
        }
    }

    // Multipart uploads untouched for Uploads:MultipartAbandonedAfter: aborted in storage
    // with their objects, and the record deleted only under a claim taken while it is
    // still Pending (a complete that got there first wins). Returns how many went.
    public async Task<int> SweepAbandonedAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow() - options.Value.MultipartAbandonedAfter;
        var cutoffUtc = cutoff.UtcDateTime;
        var deleted = 0;
        long after = 0;
        List<Image> batch;
        do
        {
            batch = await db.Images.AsNoTracking()
                .Where(i => i.Status == ImageStatus.Pending && i.PartSize != null && i.CreatedAt < cutoffUtc && i.Id > after)
                .OrderBy(i => i.Id).Take(SweepBatch).ToListAsync(ct);
            foreach (var image in batch)
            {
                after = image.Id;
                if (await db.TryClaimAsync(image.Id, time.GetUtcNow().UtcDateTime, ct, createdBefore: cutoffUtc) is not { } claim ||
                    !await ForgetAsync(image, claim, ct)) continue;
                logger.LogInformation("Abandoned multipart upload {ImageId} of user {UserId} aborted", image.PublicId, image.OwnerId);
                deleted++;
            }
        } while (batch.Count == SweepBatch);

        // The embedded store has no lifecycle rule: uploads nobody recorded (a crash
        // between start and record) go after the same time.
        if (multipart is EmbeddedMultipartStore embedded)
            foreach (var uploadId in embedded.UploadsStartedBefore(cutoff).ToList())
                await embedded.AbortAsync("", uploadId, ct);
        return deleted;
    }

    // Under the claim: aborts the upload and removes what it left (ImageDeleter: staging
    // and permanent keys), then the record; the quota goes back with the record, once.
    // The row is read again under the claim, so small copies declared since the caller
    // read it are removed and released too.
    private async Task<bool> ForgetAsync(Image image, DateTime claim, CancellationToken ct)
    {
        if (await db.Claimed(image.Id, claim).AsNoTracking().SingleOrDefaultAsync(ct) is not { } current) return false;
        await deleter.DeleteObjectsAsync(current, ct);
        return await db.InTransactionAsync(async () =>
        {
            if (await db.Claimed(current.Id, claim).ExecuteDeleteAsync(ct) != 1) return false;
            await db.ReleaseAsync(current.OwnerId, 1, current.StoredBytes(), ct);
            return true;
        }, ct);
    }

    private async Task<UploadFailure> DiscardAsync(Image image, DateTime claim, string reason, CancellationToken ct)
    {
        if (!await ForgetAsync(image, claim, ct)) return UploadFailure.NotFound;
        logger.LogWarning("Multipart upload {ImageId} of user {UserId} discarded: {Reason}", image.PublicId, image.OwnerId, reason);
        return UploadService.Rejection(reason + " Nothing was kept.");
    }

    // The caller's own multipart upload, still open; anyone else's is a 404.
    private async Task<(Image? Image, UploadFailure? Failure)> OpenUploadAsync(string userId, Guid id, CancellationToken ct)
    {
        if (UploadService.IsLocked(await uploads.AccountAsync(userId, ct))) return (null, UploadFailure.Locked);
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

    private static UploadFailure Invalid(string field, string message) =>
        new(StatusCodes.Status400BadRequest, "The request is not valid.", message, new() { [field] = [message] });

}
