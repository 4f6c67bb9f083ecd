namespace ImageGallery.Web.Uploads;

// The JSON of the multipart upload API (README "Large files"); camelCase on the wire.
// Start takes the same body as a single presign (PresignRequest).

// Parts: the first batch of part URLs (MultipartUploadService.FirstPartsSigned), so a
// file of that many parts or fewer needs no signing call. ExpiresAt: when these URLs and
// the forms run out.
public sealed record MultipartStartResponse(
    Guid Id, long PartSize, int PartCount, IReadOnlyList<SignedPart> Parts, UploadForm? ThumbnailUpload,
    UploadForm? DisplayUpload, DateTimeOffset ExpiresAt);

public sealed record SignPartsRequest(int[]? PartNumbers);

public sealed record SignedPart(int PartNumber, string Url);

public sealed record SignPartsResponse(IReadOnlyList<SignedPart> Parts, DateTimeOffset ExpiresAt);

public sealed record ListedPart(int PartNumber, long Size, string ETag);

// What storage holds, so a resumed upload sends only the missing parts.
public sealed record PartsResponse(
    Guid Id, string FileName, long Size, long PartSize, int PartCount, IReadOnlyList<ListedPart> Parts);

// The small copies of a large file, declared once the browser has made them, while the
// parts go up (the decode of a large file takes as long as a few parts). Width and
// Height are the decoded original's, as a single presign would have given them.
public sealed record MultipartVariantsRequest(int? Width, int? Height, ThumbnailRequest? Thumbnail, DisplayRequest? Display);

public sealed record MultipartVariantsResponse(UploadForm? ThumbnailUpload, UploadForm? DisplayUpload, DateTimeOffset ExpiresAt);
