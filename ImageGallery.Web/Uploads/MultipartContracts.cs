namespace ImageGallery.Web.Uploads;

// The JSON of the multipart upload API (README "Large files"); camelCase on the wire.
// Start takes the same body as a single presign (PresignRequest).

public sealed record MultipartStartResponse(
    Guid Id, long PartSize, int PartCount, UploadForm? ThumbnailUpload, DateTimeOffset ThumbnailExpiresAt,
    UploadForm? DisplayUpload = null);

public sealed record SignPartsRequest(int[]? PartNumbers);

public sealed record SignedPart(int PartNumber, string Url);

public sealed record SignPartsResponse(IReadOnlyList<SignedPart> Parts, DateTimeOffset ExpiresAt);

public sealed record ListedPart(int PartNumber, long Size, string ETag);

// What storage holds, so a resumed upload sends only the missing parts.
public sealed record PartsResponse(
    Guid Id, string FileName, long Size, long PartSize, int PartCount, IReadOnlyList<ListedPart> Parts);
