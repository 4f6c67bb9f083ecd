using System.Globalization;
using ImageGallery.Web.Data;

namespace ImageGallery.Web.Uploads;

// The EXIF facts a presign may carry are whatever the browser says: bounded here like
// any other field (errors keyed "exif.<field>"), then stored only for display.
public static class ExifRules
{
    public const int MaxTextLength = 64;
    // The oldest surviving photograph is from 1826/27; a camera clock may run a little ahead.
    public static readonly DateTime Earliest = new(1826, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Ahead = TimeSpan.FromDays(1);

    public static void Validate(ExifRequest e, DateTimeOffset now, Action<string, string> add)
    {
        if (e.TakenAt is { } taken)
        {
            if (ParseTakenAt(taken) is not { } at)
                add("exif.takenAt", "The date taken must look like 2024-05-31T14:30:00.");
            else if (at < Earliest || at > now.UtcDateTime + Ahead)
                add("exif.takenAt", $"The date taken must be between {Earliest:yyyy-MM-dd} and tomorrow.");
        }
        Text(e.Make, "exif.make", add);
        Text(e.Model, "exif.model", add);
        Text(e.Lens, "exif.lens", add);
        Range(e.ExposureTime, 1e-6, 3600, "exif.exposureTime", "The exposure time must be between 1/1000000 s and an hour.", add);
        Range(e.FNumber, 0.5, 128, "exif.fNumber", "The f-number must be between 0.5 and 128.", add);
        Range(e.Iso, 1, 10_000_000, "exif.iso", "The ISO speed must be between 1 and 10000000.", add);
        Range(e.FocalLength, 0.1, 10_000, "exif.focalLength", "The focal length must be between 0.1 and 10000 mm.", add);
        Range(e.Orientation, 1, 8, "exif.orientation", "The orientation must be between 1 and 8.", add);
        Range(e.Latitude, -90, 90, "exif.latitude", "The latitude must be between -90 and 90.", add);
        Range(e.Longitude, -180, 180, "exif.longitude", "The longitude must be between -180 and 180.", add);
        if (e.Latitude is null != e.Longitude is null)
            add("exif.latitude", "A position needs both a latitude and a longitude.");
    }

    // The camera's wall-clock time, kept as if it were UTC (EXIF rarely says the zone).
    public static DateTime? ParseTakenAt(string value) =>
        DateTime.TryParseExact(value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? DateTime.SpecifyKind(at, DateTimeKind.Utc)
            : null;

    // The facts to store; the position only when its owner keeps positions.
    public static PhotoFacts? Facts(ExifRequest? e, bool keepLocation)
    {
        if (e is null) return null;
        var located = keepLocation && e.Latitude is not null && e.Longitude is not null;
        var facts = new PhotoFacts(Clean(e.Make), Clean(e.Model), Clean(e.Lens), e.ExposureTime, e.FNumber, e.Iso,
            e.FocalLength, e.Orientation, e.HasGps == true || e.Latitude is not null,
            located ? e.Latitude : null, located ? e.Longitude : null);
        return facts == new PhotoFacts() ? null : facts;
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static void Text(string? value, string field, Action<string, string> add)
    {
        if (value is null) return;
        if (value.Length > MaxTextLength) add(field, $"At most {MaxTextLength} characters.");
        else if (value.Any(UploadRules.IsForbidden)) add(field, "Control characters are not allowed.");
    }

    private static void Range<T>(T? value, T min, T max, string field, string message, Action<string, string> add)
        where T : struct, IComparable<T>
    {
        if (value is { } v && (v.CompareTo(min) < 0 || v.CompareTo(max) > 0)) add(field, message);
    }
}
