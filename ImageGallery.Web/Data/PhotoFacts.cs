using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ImageGallery.Web.Data;

// What the camera wrote into the file, as the browser read it (exifr) and the server
// checked it (Uploads/ExifRules.cs): only shown, never trusted for anything else.
// Latitude/Longitude are kept only when the owner has turned that on (AppUser.KeepPhotoLocation).
public sealed record PhotoFacts(
    string? Make = null, string? Model = null, string? Lens = null,
    double? ExposureTime = null, double? FNumber = null, int? Iso = null, double? FocalLength = null,
    int? Orientation = null, bool HasGps = false, double? Latitude = null, double? Longitude = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault,
    };

    // One column of JSON: nothing queries these, and the set may grow.
    public static string? Serialize(PhotoFacts? facts) => facts is null ? null : JsonSerializer.Serialize(facts, Json);

    public static PhotoFacts? Deserialize(string? json) => json is null ? null : JsonSerializer.Deserialize<PhotoFacts>(json, Json);

    public sealed class Converter() : ValueConverter<PhotoFacts?, string?>(f => Serialize(f), s => Deserialize(s));
}
