using System.ComponentModel.DataAnnotations;

namespace ImageGallery.Web.Uploads;

public sealed class UploadOptions : IValidatableObject
{
    public const string Section = "Uploads";

    public const long MiB = 1024 * 1024;

    public static readonly string[] DefaultContentTypes = ImageFormats.All.Where(f => f.OnByDefault).Select(f => f.ContentType).ToArray();

    // Thumbnails are made by the browser (canvas.toBlob), which can only write these.
    public static readonly string[] ThumbnailContentTypes = ["image/webp", "image/jpeg"];

    // Empty means the defaults: the configuration binder appends to an array that
    // already has items, so the defaults are filled in after binding instead.
    public string[] AllowedContentTypes { get; set; } = [];

    [Range(typeof(long), "1", "5368709120", ErrorMessage = "Uploads:MaxBytes must be between {1} and {2} bytes (S3 takes at most 5 GiB in one POST).")]
    public long MaxBytes { get; set; } = 20 * MiB;

    [Range(typeof(long), "1024", "10485760", ErrorMessage = "Uploads:MaxThumbnailBytes must be between {1} and {2} bytes.")]
    public long MaxThumbnailBytes { get; set; } = 512 * 1024;

    [Range(1, int.MaxValue, ErrorMessage = "Uploads:MaxImagesPerUser must be at least {1}.")]
    public int MaxImagesPerUser { get; set; } = 10_000;

    [Range(typeof(long), "1", "9223372036854775807", ErrorMessage = "Uploads:MaxBytesPerUser must be at least {1} byte.")]
    public long MaxBytesPerUser { get; set; } = 5 * 1024 * MiB;

    [Range(typeof(TimeSpan), "00:01:00", "01:00:00", ErrorMessage = "Uploads:FormLifetime must be between {1} and {2}.")]
    public TimeSpan FormLifetime { get; set; } = TimeSpan.FromMinutes(5);

    // A slow upload that began just before the form expired may still be arriving.
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "Uploads:AbandonedGrace must be between {1} and {2}.")]
    public TimeSpan AbandonedGrace { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00", ErrorMessage = "Uploads:SweepInterval must be between {1} and {2}.")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        foreach (var type in AllowedContentTypes)
            if (!ImageFormats.IsKnown(type))
                yield return new($"Uploads:AllowedContentTypes has '{type}', which is not one of the image types the gallery can store ({string.Join(", ", ImageFormats.ContentTypes)}).");
        if (MaxThumbnailBytes > MaxBytes)
            yield return new("Uploads:MaxThumbnailBytes must not be larger than Uploads:MaxBytes.");
        if (MaxBytesPerUser < MaxBytes)
            yield return new("Uploads:MaxBytesPerUser must be at least Uploads:MaxBytes, or nobody could upload a full-size image.");
    }
}
