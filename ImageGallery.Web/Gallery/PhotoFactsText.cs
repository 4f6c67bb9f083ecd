using System.Globalization;
using ImageGallery.Web.Data;

namespace ImageGallery.Web.Gallery;

// How the image page words what the camera wrote.
public static class PhotoFactsText
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // "Canon EOS R6": the make is left out when the model already starts with it.
    public static string? Camera(PhotoFacts? f)
    {
        if (f is null || (f.Make is null && f.Model is null)) return null;
        if (f.Make is null) return f.Model;
        if (f.Model is null) return f.Make;
        return f.Model.StartsWith(f.Make, StringComparison.OrdinalIgnoreCase) ? f.Model : $"{f.Make} {f.Model}";
    }

    // "1/125 s · f/2.8 · ISO 400 · 35 mm", from whichever parts are known.
    public static string? Exposure(PhotoFacts? f)
    {
        if (f is null) return null;
        var parts = new List<string>();
        if (f.ExposureTime is { } t)
            parts.Add(t < 1 ? $"1/{Math.Round(1 / t).ToString(Invariant)} s" : $"{t.ToString("0.#", Invariant)} s");
        if (f.FNumber is { } n) parts.Add($"f/{n.ToString("0.#", Invariant)}");
        if (f.Iso is { } iso) parts.Add($"ISO {iso.ToString(Invariant)}");
        if (f.FocalLength is { } mm) parts.Add($"{mm.ToString("0.#", Invariant)} mm");
        return parts.Count > 0 ? string.Join(" · ", parts) : null;
    }

    public static string? Location(PhotoFacts? f) => f is { Latitude: { } lat, Longitude: { } lon }
        ? $"{lat.ToString("0.00000", Invariant)}, {lon.ToString("0.00000", Invariant)}"
        : null;
}
