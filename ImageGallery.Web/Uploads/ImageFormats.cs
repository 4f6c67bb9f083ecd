using System.Text;

namespace ImageGallery.Web.Uploads;

// One image type the gallery stores. Signatures are hex byte patterns at offset 0 ("??"
// matches any byte); Brands are ISO BMFF `ftyp` brands, major or compatible. The browser
// gets the same table (Pages/Shared/_Uploader.cshtml renders it into data- attributes;
// wwwroot/js/image-types.js reads it), so the two checks cannot drift apart.
// All are accepted unless Uploads:AllowedContentTypes says otherwise.
// BrowsersShow: false for HEIC/HEIF, which no browser but Safari decodes. Their thumbnails
// are still made in the browser (wwwroot/js/decode.js, with libheif in WebAssembly), but
// no page puts the original itself in an <img>: it is only ever downloaded (Gallery/ImageUrls.cs).
public sealed record ImageFormat(
    string ContentType, string Extension, string DisplayName, string[] Signatures, string[] Brands,
    bool BrowsersShow = true);

// Which image format a file really is, from its first bytes: the browser and the
// declared Content-Type are only claims. Reads nothing beyond PrefixLength.
public static class ImageFormats
{
    public const int PrefixLength = 32;

    // The one table of image types: name, extension, magic number, display name.
    public static readonly IReadOnlyList<ImageFormat> All =
    [
        new("image/jpeg", "jpg", "JPEG", ["FFD8FF"], []),
        new("image/png", "png", "PNG", ["89504E470D0A1A0A"], []),
        new("image/gif", "gif", "GIF", ["474946383761", "474946383961"], []),   // GIF87a, GIF89a
        new("image/webp", "webp", "WebP", ["52494646????????57454250"], []),    // RIFF....WEBP
        new("image/avif", "avif", "AVIF", [], ["avif", "avis"]),
        // iPhone photos. After AVIF, whose files may carry the generic mif1 brand too.
        new("image/heic", "heic", "HEIC", [], ["heic", "heix", "heim", "heis", "hevc", "hevx"], BrowsersShow: false),
        new("image/heif", "heif", "HEIF", [], ["mif1", "msf1"], BrowsersShow: false),
    ];

    private static readonly Dictionary<string, ImageFormat> ByType = All.ToDictionary(f => f.ContentType);

    private static readonly (ImageFormat Format, byte?[] Pattern)[] Patterns =
        All.SelectMany(f => f.Signatures.Select(s => (f, Parse(s)))).ToArray();

    public static IReadOnlyCollection<string> ContentTypes => ByType.Keys;

    public static bool IsKnown(string contentType) => ByType.ContainsKey(contentType);

    public static ImageFormat? Find(string contentType) => ByType.GetValueOrDefault(contentType);

    public static bool BrowsersShow(string contentType) => Find(contentType)?.BrowsersShow ?? false;

    public static string NameOf(string contentType) => Find(contentType)?.DisplayName ?? contentType;

    public static string ExtensionOf(string contentType) => Find(contentType)?.Extension
        ?? throw new ArgumentOutOfRangeException(nameof(contentType), contentType, "Not an allowed image type.");

    // "JPEG, PNG or GIF", for hints and refusals.
    public static string NameList(IEnumerable<string> contentTypes)
    {
        var names = contentTypes.Select(NameOf).ToArray();
        return names.Length > 1 ? $"{string.Join(", ", names[..^1])} or {names[^1]}" : string.Concat(names);
    }

    // The content type the bytes are, or null when they are none of the known images.
    public static string? Sniff(ReadOnlySpan<byte> prefix)
    {
        foreach (var (format, pattern) in Patterns)
            if (Matches(prefix, pattern)) return format.ContentType;
        foreach (var format in All)
            if (format.Brands.Length > 0 && HasBrand(prefix, format.Brands)) return format.ContentType;
        return null;
    }

    private static bool Matches(ReadOnlySpan<byte> prefix, byte?[] pattern)
    {
        if (prefix.Length < pattern.Length) return false;
        for (var i = 0; i < pattern.Length; i++)
            if (pattern[i] is { } b && prefix[i] != b) return false;
        return true;
    }

    // ISO BMFF: [size:4]["ftyp"][major brand:4][minor version:4][compatible brands:4 each].
    // A file may carry a generic major brand (mif1) and list its own among the compatible ones;
    // brands past the box's end belong to something else.
    private static bool HasBrand(ReadOnlySpan<byte> prefix, string[] brands)
    {
        if (prefix.Length < 12 || !prefix.Slice(4, 4).SequenceEqual("ftyp"u8)) return false;
        var boxSize = (int)Math.Min((uint)(prefix[0] << 24 | prefix[1] << 16 | prefix[2] << 8 | prefix[3]), (uint)prefix.Length);
        if (IsOneOf(prefix.Slice(8, 4), brands)) return true;
        for (var at = 16; at + 4 <= boxSize; at += 4)
            if (IsOneOf(prefix.Slice(at, 4), brands)) return true;
        return false;
    }

    private static bool IsOneOf(ReadOnlySpan<byte> brand, string[] brands)
    {
        foreach (var b in brands)
            if (brand.SequenceEqual(Encoding.ASCII.GetBytes(b))) return true;
        return false;
    }

    private static byte?[] Parse(string hex) => Enumerable.Range(0, hex.Length / 2)
        .Select(i => hex.Substring(i * 2, 2) is "??" ? (byte?)null : Convert.ToByte(hex.Substring(i * 2, 2), 16))
        .ToArray();

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
