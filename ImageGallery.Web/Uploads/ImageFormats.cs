using System.Text;

namespace ImageGallery.Web.Uploads;

// Which image format a file really is, from its first bytes: the browser and the
// declared Content-Type are only claims. Reads nothing beyond PrefixLength.
public static class ImageFormats
{
    public const int PrefixLength = 32;

    private static readonly Dictionary<string, string> Names = new()
    {
        ["image/jpeg"] = "JPEG",
        ["image/png"] = "PNG",
        ["image/gif"] = "GIF",
        ["image/webp"] = "WebP",
        ["image/avif"] = "AVIF",
    };

    public static IReadOnlyCollection<string> ContentTypes => Names.Keys;

    public static bool IsKnown(string contentType) => Names.ContainsKey(contentType);

    public static string NameOf(string contentType) => Names.GetValueOrDefault(contentType, contentType);

    // The content type the bytes are, or null when they are none of the known images.
    public static string? Sniff(ReadOnlySpan<byte> prefix)
    {
        if (prefix.StartsWith((byte[])[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (prefix.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (prefix.StartsWith("GIF87a"u8) || prefix.StartsWith("GIF89a"u8)) return "image/gif";
        if (prefix.Length >= 12 && prefix.StartsWith("RIFF"u8) && prefix.Slice(8, 4).SequenceEqual("WEBP"u8)) return "image/webp";
        if (IsAvif(prefix)) return "image/avif";
        return null;
    }

    // ISO BMFF: [size:4]["ftyp"][major brand:4][minor version:4][compatible brands:4 each].
    // An AVIF may carry a generic major brand (mif1) and list avif among the compatible ones.
    private static bool IsAvif(ReadOnlySpan<byte> prefix)
    {
        if (prefix.Length < 12 || !prefix.Slice(4, 4).SequenceEqual("ftyp"u8)) return false;
        var boxSize = (int)Math.Min((uint)(prefix[0] << 24 | prefix[1] << 16 | prefix[2] << 8 | prefix[3]), (uint)prefix.Length);
        if (IsAvifBrand(prefix.Slice(8, 4))) return true;
        for (var at = 16; at + 4 <= boxSize; at += 4)
            if (IsAvifBrand(prefix.Slice(at, 4))) return true;
        return false;
    }

    private static bool IsAvifBrand(ReadOnlySpan<byte> brand) => brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8);

    // For a rejection reason a person can read.
    public static string Describe(ReadOnlySpan<byte> prefix)
    {
        if (Sniff(prefix) is { } type) return $"a {NameOf(type)} image";
        if (prefix.Length == 0) return "empty";
        var head = Encoding.ASCII.GetString(prefix[..Math.Min(prefix.Length, 16)]).TrimStart('?', ' ', '\t', '\r', '\n').ToLowerInvariant();
        if (head.StartsWith("<svg") || head.StartsWith("<?xml")) return "an SVG or XML document";
        if (head.StartsWith("<!doctype") || head.StartsWith("<html")) return "an HTML page";
        return "not an image the gallery recognises";
    }
}
