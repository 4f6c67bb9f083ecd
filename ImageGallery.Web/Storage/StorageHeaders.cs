using System.Text;
using Microsoft.Net.Http.Headers;

namespace ImageGallery.Web.Storage;

// Response headers forced onto every object GET, for both backends.
public static class StorageHeaders
{
    // inline (or attachment) with an ASCII fallback name and the exact UTF-8 name;
    // quotes, control characters and path separators never reach the header.
    public static string Disposition(string fileName, bool download)
    {
        var safe = new string(fileName.Where(c => !char.IsControl(c) && c is not ('"' or '\\' or '/')).ToArray()).Trim();
        if (safe.Length == 0) safe = "image";
        var ascii = new StringBuilder(safe.Length);
        foreach (var c in safe) ascii.Append(c is >= ' ' and <= '~' ? c : '_');
        var header = new ContentDispositionHeaderValue(download ? "attachment" : "inline")
        {
            FileName = ascii.ToString(),
            FileNameStar = safe,
        };
        return header.ToString();
    }

    public static string CacheControl(TimeSpan maxAge) =>
        $"private, max-age={(long)Math.Max(0, maxAge.TotalSeconds)}";
}
