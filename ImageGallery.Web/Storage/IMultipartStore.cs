namespace ImageGallery.Web.Storage;

// Large files go up in parts (S3 multipart upload): the browser PUTs each part to its
// own short-lived signed URL, and the server starts, lists, completes or aborts. The
// embedded store honours the same contract with endpoints in the app.
//
// An upload id is single-use: once completed or aborted, storage forgets it, and a
// part URL signed for it writes nothing (S3 answers NoSuchUpload).
public interface IMultipartStore
{
    // Starts an upload that will become the object `key` with this Content-Type.
    Task<string> StartAsync(string key, string contentType, CancellationToken ct);

    // A signed PUT URL for one part. Pure computation, no network. The embedded store
    // also pins the part's largest size; S3 cannot (a presigned PUT does not sign the
    // length), so callers check the total at completion.
    Uri GetPartUrl(PartUrlRequest request);

    // What storage holds for the upload, by part number; null when there is no such
    // upload (never started, completed or aborted).
    Task<IReadOnlyList<StoredPart>?> ListPartsAsync(string key, string uploadId, CancellationToken ct);

    // Assembles exactly these parts, in order, into the object. False when storage
    // refuses: the upload is gone, or a part is missing, changed or too small.
    Task<bool> CompleteAsync(string key, string uploadId, IReadOnlyList<StoredPart> parts, CancellationToken ct);

    // Discards the upload and its parts; an upload that no longer exists is not an error.
    Task AbortAsync(string key, string uploadId, CancellationToken ct);
}

public sealed record PartUrlRequest(string Key, string UploadId, int PartNumber, long MaxBytes, DateTimeOffset ExpiresAt);

// ETag as storage gives it: the part's MD5 in hex, in double quotes.
public sealed record StoredPart(int PartNumber, long Size, string ETag);
