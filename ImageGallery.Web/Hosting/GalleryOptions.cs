using System.ComponentModel.DataAnnotations;

namespace ImageGallery.Web.Hosting;

public enum ModerationMode { Post, Pre }

public sealed class GalleryOptions : IValidatableObject
{
    public const string Section = "Gallery";

    // Relative paths resolve against the content root. Holds the SQLite file, the
    // embedded object store and the keys that must survive restarts.
    [Required(ErrorMessage = "Gallery:DataDirectory is required.")]
    public string DataDirectory { get; set; } = "App_Data";

    public string[] AdminEmails { get; set; } = [];

    [Range(1, 500, ErrorMessage = "Gallery:PageSize must be between {1} and {2}.")]
    public int PageSize { get; set; } = 60;

    [Range(64, 2048, ErrorMessage = "Gallery:ThumbnailSize must be between {1} and {2} pixels.")]
    public int ThumbnailSize { get; set; } = 400;

    [Range(typeof(TimeSpan), "00:01:00", "01:00:00",
        ErrorMessage = "Gallery:ViewUrlLifetime must be between {1} and {2}.")]
    public TimeSpan ViewUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public ModerationMode Moderation { get; set; } = ModerationMode.Post;

    // How long a deleted image stays in the trash, restorable, before the purge deletes it.
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00",
        ErrorMessage = "Gallery:TrashRetention must be between {1} and {2}.")]
    public TimeSpan TrashRetention { get; set; } = TimeSpan.FromDays(30);

    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00",
        ErrorMessage = "Gallery:TrashPurgeInterval must be between {1} and {2}.")]
    public TimeSpan TrashPurgeInterval { get; set; } = TimeSpan.FromHours(1);

    // A browser that cannot stream a ZIP to disk (no showSaveFilePicker) builds it in memory
    // first; above this it refuses and says so (wwwroot/js/zip-download.js). Browsers fail
    // or tabs run out of memory somewhere past 2 GB.
    [Range(typeof(long), "1", "4294967296", ErrorMessage = "Gallery:ZipMemoryLimitBytes must be between {1} and {2}.")]
    public long ZipMemoryLimitBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    // Reverse proxies (IPs or CIDR ranges) whose X-Forwarded-For and X-Forwarded-Proto are
    // believed. Empty: the headers are ignored and the connection is what counts.
    public string[] TrustedProxies { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        TrustedProxies.Where(p => ForwardedHeaders.Parse(p) is null)
            .Select(p => new ValidationResult(
                $"Gallery:TrustedProxies: '{p}' is neither an IP address nor a CIDR range such as 10.0.0.0/8.", [nameof(TrustedProxies)]));
}
