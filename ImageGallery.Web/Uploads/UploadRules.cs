using ImageGallery.Web.Gallery;

namespace ImageGallery.Web.Uploads;

// What a presign request must say before a form is signed. Errors are keyed by the
// JSON field they are about, so the browser can say which part was wrong.
public static class UploadRules
{
    public const int MaxFileNameLength = 255;
    public const int MaxPixels = 100_000;

    public static Dictionary<string, string[]> Validate(
        PresignRequest r, UploadOptions options, IReadOnlyCollection<string> allowedTypes, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [message];

        if (FileNameProblem(r.FileName) is { } nameProblem) Add("fileName", nameProblem);

        if (string.IsNullOrEmpty(r.ContentType))
            Add("contentType", "The file type is required.");
        else if (!allowedTypes.Contains(Normalize(r.ContentType)))
            Add("contentType", $"Only these file types can be uploaded: {string.Join(", ", allowedTypes)}.");

        if (r.Size <= 0)
            Add("size", "The file is empty.");
        else if (r.Size > options.MaxBytes)
            Add("size", $"The file is larger than the limit of {HumanSize.Format(options.MaxBytes)}.");

        if (r.Width is < 1 or > MaxPixels) Add("width", $"The width must be between 1 and {MaxPixels} pixels.");
        if (r.Height is < 1 or > MaxPixels) Add("height", $"The height must be between 1 and {MaxPixels} pixels.");

        if (r.Thumbnail is { } t)
        {
            if (string.IsNullOrEmpty(t.ContentType) || !UploadOptions.ThumbnailContentTypes.Contains(Normalize(t.ContentType)))
                Add("thumbnail.contentType", $"A thumbnail must be one of: {string.Join(", ", UploadOptions.ThumbnailContentTypes)}.");
            if (t.Size <= 0 || t.Size > options.MaxThumbnailBytes)
                Add("thumbnail.size", $"A thumbnail must be between 1 byte and {HumanSize.Format(options.MaxThumbnailBytes)}.");
        }
        if (r.Exif is { } exif) ExifRules.Validate(exif, now, Add);
        return errors;
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
