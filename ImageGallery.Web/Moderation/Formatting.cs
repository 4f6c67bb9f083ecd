using System.Globalization;

namespace ImageGallery.Web.Moderation;

// How admin pages print times and pixel sizes (byte sizes: Gallery/HumanSize): invariant, so every admin reads the same thing.
public static class Formatting
{
    public static string Time(DateTime? utc) =>
        utc?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "—";

    public static string Pixels(int? width, int? height) =>
        width is { } w && height is { } h ? $"{w}×{h}" : "—";

    public static string Status(Data.ImageStatus status) => status switch
    {
        Data.ImageStatus.AwaitingReview => "Awaiting review",
        _ => status.ToString(),
    };
}
