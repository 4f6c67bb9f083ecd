using System.ComponentModel.DataAnnotations;

namespace ImageGallery.Web.Uploads;

public sealed class UploadOptions : IValidatableObject
{
    public const string Section = "Uploads";

    public const long MiB = 1024 * 1024;

    public static readonly string[] DefaultContentTypes = ImageFormats.All.Select(f => f.ContentType).ToArray();

    // Thumbnails and display copies are made by the browser (canvas.toBlob), which can only write these.
    public static readonly string[] ThumbnailContentTypes = ["image/webp", "image/jpeg"];

    // Empty means the defaults: the configuration binder appends to an array that
    // already has items, so the defaults are filled in after binding instead.
    public string[] AllowedContentTypes { get; set; } = [];

    [Range(typeof(long), "1", "5368709120", ErrorMessage = "Uploads:MaxBytes must be between {1} and {2} bytes (S3 takes at most 5 GiB in one POST).")]
    public long MaxBytes { get; set; } = 20 * MiB;

    // Files above this go up in parts (Uploads/Multipart); MaxBytes stays the single-POST limit.
    [Range(typeof(long), "5242880", "5368709120", ErrorMessage = "Uploads:MultipartThresholdBytes must be between {1} and {2} bytes (S3's smallest part is 5 MiB).")]
    public long MultipartThresholdBytes { get; set; } = 64 * MiB;

    // S3 refuses parts under 5 MiB (except the last) and uploads of more than 10,000 parts;
    // MultipartPlan grows the part size for files that would need more.
    [Range(typeof(long), "5242880", "5368709120", ErrorMessage = "Uploads:MultipartPartBytes must be between {1} and {2} bytes (S3's part limits).")]
    public long MultipartPartBytes { get; set; } = 16 * MiB;

    // At most 5 GiB: complete promotes the object with one server-side copy (CopyObject's limit).
    [Range(typeof(long), "5242880", "5368709120", ErrorMessage = "Uploads:MaxMultipartBytes must be between {1} and {2} bytes (S3 copies at most 5 GiB at once).")]
    public long MaxMultipartBytes { get; set; } = 1024 * MiB;

    [Range(typeof(long), "1024", "10485760", ErrorMessage = "Uploads:MaxThumbnailBytes must be between {1} and {2} bytes.")]
    public long MaxThumbnailBytes { get; set; } = 512 * 1024;

    // The display-size copy (Gallery:DisplaySize on its long side), WebP or JPEG.
    [Range(typeof(long), "65536", "20971520", ErrorMessage = "Uploads:MaxDisplayBytes must be between {1} and {2} bytes.")]
    public long MaxDisplayBytes { get; set; } = 3 * MiB;

    // A display copy is never larger than a single POST may be (the embedded store refuses
    // bigger bodies) and is pointless above it, so a small Uploads:MaxBytes caps it too.
    public long DisplayBytesLimit => Math.Min(MaxDisplayBytes, MaxBytes);

    [Range(1, int.MaxValue, ErrorMessage = "Uploads:MaxImagesPerUser must be at least {1}.")]
    public int MaxImagesPerUser { get; set; } = 10_000;

    [Range(typeof(long), "1", "9223372036854775807", ErrorMessage = "Uploads:MaxBytesPerUser must be at least {1} byte.")]
    public long MaxBytesPerUser { get; set; } = 5 * 1024 * MiB;

    [Range(typeof(TimeSpan), "00:01:00", "01:00:00", ErrorMessage = "Uploads:FormLifetime must be between {1} and {2}.")]
    public TimeSpan FormLifetime { get; set; } = TimeSpan.FromMinutes(5);

    // A slow upload that began just before the form expired may still be arriving.
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "Uploads:AbandonedGrace must be between {1} and {2}.")]
    public TimeSpan AbandonedGrace { get; set; } = TimeSpan.FromMinutes(15);

    // A large upload may be resumed hours later; after this it is aborted by the sweeper.
    // At most a day: S3's lifecycle rule aborts incomplete multipart uploads after one.
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "Uploads:MultipartAbandonedAfter must be between {1} and {2}.")]
    public TimeSpan MultipartAbandonedAfter { get; set; } = TimeSpan.FromDays(1);

    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00", ErrorMessage = "Uploads:SweepInterval must be between {1} and {2}.")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        foreach (var type in AllowedContentTypes)
            if (!ImageFormats.IsKnown(type))
                yield return new($"Uploads:AllowedContentTypes has '{type}', which is not one of the image types the gallery can store ({string.Join(", ", ImageFormats.ContentTypes)}).");
        if (MaxThumbnailBytes > MaxBytes)
            yield return new("Uploads:MaxThumbnailBytes must not be larger than Uploads:MaxBytes.");
        if (MaxMultipartBytes < MultipartThresholdBytes)
            yield return new("Uploads:MaxMultipartBytes must be at least Uploads:MultipartThresholdBytes, or no file could go up in parts.");
        if (MaxMultipartBytes < MaxBytes)
            yield return new("Uploads:MaxMultipartBytes must be at least Uploads:MaxBytes: files above Uploads:MaxBytes go up in parts.");
        if (MaxBytesPerUser < MaxBytes)
            yield return new("Uploads:MaxBytesPerUser must be at least Uploads:MaxBytes, or nobody could upload a full-size image.");
    }
}
