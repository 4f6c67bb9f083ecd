namespace ImageGallery.Web.Storage;

// The one seam between the app and where image bytes live: S3 in production, the
// embedded disk store by default. Both honour the same browser form contract.
public interface IObjectStore
{
    // A browser form that can upload exactly one object: the key, Content-Type and
    // size are pinned by a signed policy that expires. Pure computation, no network.
    PresignedForm CreateUploadForm(UploadFormRequest request);

    // Null when there is no such object. Throws StorageUnavailableException when the
    // store cannot be reached.
    Task<StoredObject?> GetInfoAsync(string key, CancellationToken ct);

    // Size, Content-Type and the first `count` bytes (fewer if the object is shorter),
    // from one ranged read: what verifying an upload needs, in one round trip. Null
    // when there is no such object.
    Task<ObjectHead?> ReadHeadAsync(string key, int count, CancellationToken ct);

    // Deleting a missing object is not an error.
    Task DeleteAsync(string key, CancellationToken ct);

    // A server-side copy, Content-Type included, that replaces the destination whole
    // (readers see the old object or the new one, never a mix). The copy is a snapshot:
    // a write to the source afterwards does not reach it. False when there is no source.
    // `size` is what the source should hold: a large copy is given the time it needs.
    Task<bool> CopyAsync(string sourceKey, string destinationKey, long size, CancellationToken ct);

    // Every object whose key starts with the prefix, in pages the store chooses.
    IAsyncEnumerable<ListedObject> ListAsync(string prefix, CancellationToken ct);

    // A signed, expiring GET URL. Pure computation, no network. The embedded store's
    // URL depends only on the request; S3's signature also covers the signing time,
    // so a stable URL (what lets browsers cache) comes from Gallery/ViewUrls' cache.
    Uri GetViewUrl(ViewUrlRequest request);

    Task<bool> IsHealthyAsync(CancellationToken ct);

    // Creates what the store needs (bucket, CORS, lifecycle); idempotent. Returns a
    // one-line summary for the operator.
    Task<string> SetupAsync(CancellationToken ct);
}

public sealed record UploadFormRequest(string Key, string ContentType, long Size, DateTimeOffset ExpiresAt);

// Fields go into the multipart form in order, then the file last.
public sealed record PresignedForm(string Url, IReadOnlyDictionary<string, string> Fields);

public sealed record StoredObject(long Size, string? ContentType);

public sealed record ListedObject(string Key, long Size, DateTimeOffset LastModified);

public sealed record ObjectHead(long Size, string? ContentType, byte[] Prefix);

// The response is forced to ContentType, Content-Disposition inline (attachment when
// Download) with a safe FileName, and Cache-Control: private, max-age=MaxAge.
public sealed record ViewUrlRequest(
    string Key, string ContentType, string FileName, bool Download, DateTimeOffset ExpiresAt, TimeSpan MaxAge);

public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
