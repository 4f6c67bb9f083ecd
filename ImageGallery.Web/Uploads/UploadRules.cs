using ImageGallery.Web.Gallery;

namespace ImageGallery.Web.Uploads;

// What a presign request must say before a form is signed. Errors are keyed by the
// JSON field they are about, so the browser can say which part was wrong.
public static class UploadRules
{
    public const int MaxFileNameLength = 255;
    public const int MaxPixels = 100_000;

    // maxBytes: Uploads:MaxBytes for a single POST, Uploads:MaxMultipartBytes for an upload in parts.
    // displaySize: Gallery:DisplaySize, the long side above which an image gets a display copy.
    public static Dictionary<string, string[]> Validate(
        PresignRequest r, UploadOptions options, int displaySize, DateTimeOffset now, long? maxBytes = null)
    {
        var allowedTypes = options.AllowedContentTypes;
        var limit = maxBytes ?? options.MaxBytes;
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [message];

        if (FileNameProblem(r.FileName) is { } nameProblem) Add("fileName", nameProblem);

        if (string.IsNullOrEmpty(r.ContentType))
            Add("contentType", "The file type is required.");
        else if (!allowedTypes.Contains(Normalize(r.ContentType)))
            Add("contentType", $"Only these file types can be uploaded: {string.Join(", ", allowedTypes)}.");

        if (r.Size <= 0)
            Add("size", "The file is empty.");
        else if (r.Size > limit)
            Add("size", $"The file is larger than the limit of {HumanSize.Format(limit)}.");

        if (r.Width is < 1 or > MaxPixels) Add("width", $"The width must be between 1 and {MaxPixels} pixels.");
        if (r.Height is < 1 or > MaxPixels) Add("height", $"The height must be between 1 and {MaxPixels} pixels.");

        if (r.Thumbnail is { } t) VariantProblems("thumbnail", "A thumbnail", t.ContentType, t.Size, options.MaxThumbnailBytes, Add);
        if (r.Display is { } d)
        {
            VariantProblems("display", "A display copy", d.ContentType, d.Size, options.DisplayBytesLimit, Add);
            // Only an image larger than the display size has one, no wider than the original.
            if (r.Width is not { } width || r.Height is not { } height || Math.Max(width, height) <= displaySize)
                Add("display", $"Only an image whose width and height are given, and whose long side is over {displaySize} pixels, has a display copy.");
            else if (d.Width < 1 || d.Width > Math.Min(width, displaySize))
                Add("display.width", $"A display copy's width must be between 1 and {Math.Min(width, displaySize)} pixels.");
        }
        if (r.Exif is { } exif) ExifRules.Validate(exif, now, Add);
        return errors;
    }

    // The browser-made variants (thumbnail, display copy): WebP or JPEG, within their byte limit.
    private static void VariantProblems(string field, string what, string? contentType, long size, long maxBytes, Action<string, string> add)
    {
        if (string.IsNullOrEmpty(contentType) || !UploadOptions.ThumbnailContentTypes.Contains(Normalize(contentType)))
            add($"{field}.contentType", $"{what} must be one of: {string.Join(", ", UploadOptions.ThumbnailContentTypes)}.");
        if (size <= 0 || size > maxBytes)
            add($"{field}.size", $"{what} must be between 1 byte and {HumanSize.Format(maxBytes)}.");
    }

    public static string Normalize(string contentType) => contentType.Trim().ToLowerInvariant();

    // Browsers send only the last path segment; an old one or a script may send a
    // whole path. The name is only ever displayed (keys are minted by ObjectKeys), so
    // the last segment is kept, as ASP.NET's own IFormFile guidance does.
    public static string DisplayName(string fileName)
    {
        var cut = fileName.LastIndexOfAny(['/', '\\']);
        return cut < 0 ? fileName : fileName[(cut + 1)..];
    }

    private static string? FileNameProblem(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName)) return "The file name is required.";
        if (fileName.Length > MaxFileNameLength) return $"The file name must be at most {MaxFileNameLength} characters.";
        if (fileName.Any(IsForbidden)) return "The file name contains control characters.";
        var name = DisplayName(fileName);
        if (string.IsNullOrWhiteSpace(name) || name.Trim() is "." or "..") return "The file name must end in a name, not a folder.";
        return null;
    }

    // Control characters, and the bidirectional overrides that make "gpj.exe" read as "exe.jpg".
    internal static bool IsForbidden(char c) =>
        char.IsControl(c) || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
