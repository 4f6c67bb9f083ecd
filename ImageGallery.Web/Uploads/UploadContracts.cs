using ImageGallery.Web.Storage;

namespace ImageGallery.Web.Uploads;

// The JSON the upload API speaks (README "How an upload flows"); camelCase on the wire.

public sealed record PresignRequest(
    string? FileName, string? ContentType, long Size, int? Width, int? Height, ThumbnailRequest? Thumbnail,
    ExifRequest? Exif = null, DisplayRequest? Display = null);

// What the browser read from the file's EXIF (exifr), all optional and all untrusted:
// ExifRules bounds every field. TakenAt is the camera's local time, "yyyy-MM-ddTHH:mm:ss".
public sealed record ExifRequest(
    string? TakenAt = null, string? Make = null, string? Model = null, string? Lens = null,
    double? ExposureTime = null, double? FNumber = null, int? Iso = null, double? FocalLength = null,
    int? Orientation = null, bool? HasGps = null, double? Latitude = null, double? Longitude = null);

public sealed record ThumbnailRequest(string? ContentType, long Size);

// The display-size copy (Gallery:DisplaySize on its long side); Width is its pixel width,
// which the image page's srcset names (the server never decodes it to check).
public sealed record DisplayRequest(string? ContentType, long Size, int Width);

public sealed record PresignResponse(
    Guid Id, UploadForm Upload, UploadForm? ThumbnailUpload, DateTimeOffset ExpiresAt, UploadForm? DisplayUpload = null);

public sealed record UploadForm(string Url, IReadOnlyDictionary<string, string> Fields)
{
    public static UploadForm From(PresignedForm form) => new(form.Url, form.Fields);
}

// Everything the page needs to draw the new tile without a reload. ThumbnailUrl is
// null when nothing may be shown yet (pre-moderation, no thumbnail).
public sealed record ImageTile(
    Guid Id, string Status, string FileName, string ContentType, long Size,
    int? Width, int? Height, string? Caption, string? ThumbnailUrl, string PageUrl);

// Why a request was refused, in the terms the endpoint turns into problem details.
public sealed record UploadFailure(int Status, string Title, string? Detail = null, Dictionary<string, string[]>? Errors = null)
{
    public static readonly UploadFailure NotFound = new(StatusCodes.Status404NotFound, "Not Found");

    public static readonly UploadFailure Locked = new(StatusCodes.Status403Forbidden, "Account locked", "Your account is locked.");

    // Another request holds the upload's claim (PendingClaims): a complete, abort or delete.
    public static readonly UploadFailure BeingCompleted = new(StatusCodes.Status409Conflict, "The upload is being completed.",
        "Another request is completing this upload. Try again in a moment.");

    public static UploadFailure Unavailable(string detail) =>
        new(StatusCodes.Status503ServiceUnavailable, "Storage is unavailable.", detail);
}

public sealed class UploadResult<T>
{
    private UploadResult(T? value, UploadFailure? failure) => (Value, Failure) = (value, failure);

    public T? Value { get; }
    public UploadFailure? Failure { get; }

    public static implicit operator UploadResult<T>(T value) => new(value, null);
    public static implicit operator UploadResult<T>(UploadFailure failure) => new(default, failure);
}
