using System.Globalization;

namespace ImageGallery.Web.Moderation;

// How admin pages print sizes and times: invariant, so every admin reads the same thing.
public static class Formatting
{
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        < 1024L * 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("0.##", CultureInfo.InvariantCulture) + " GB",
    };

    public static string Time(DateTime? utc) =>
        utc?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "—";

    public static string Pixels(int? width, int? height) =>
        width is { } w && height is { } h ? $"{w}×{h}" : "—";

    public static string Status(Data.ImageStatus status) => status switch
    {
        Data.ImageStatus.AwaitingReview => "Awaiting review",
        Data.ImageStatus.Trashed => "In the owner's trash",
        Data.ImageStatus.Purging => "Being deleted",
        _ => status.ToString(),
    };
}
