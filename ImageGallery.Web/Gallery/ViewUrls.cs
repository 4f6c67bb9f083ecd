using System.Security.Cryptography;
using System.Text;
using ImageGallery.Web.Hosting;
using ImageGallery.Web.Storage;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Gallery;

// Signed GET URLs that stay the same for a window, so a second page view is served
// from the browser cache instead of downloading every thumbnail again.
//
// Time is cut into windows two-thirds of the lifetime long. Every URL handed out in a
// window expires at the window's start plus the lifetime, so it is never valid for
// longer than the lifetime, and has at least a third of it left (5 minutes by default)
// for a lazily loaded tile further down the page. S3 puts the signing time into the
// signature, so only a cache makes the URL stable: HybridCache, in process and, when
// Redis is configured, in Redis too, so every instance hands out the first URL signed in
// the window (two instances that miss at the same moment each keep their own until the
// window turns). Entries live until their window ends.
public sealed class ViewUrls(IObjectStore store, HybridCache cache, IOptions<GalleryOptions> options, TimeProvider time)
{
    public Uri For(string key, string contentType, string fileName, bool download = false)
    {
        var lifetime = options.Value.ViewUrlLifetime;
        var windowLength = lifetime * 2 / 3;
        var now = time.GetUtcNow();
        var number = now.UtcTicks / windowLength.Ticks;
        var windowStart = new DateTimeOffset(number * windowLength.Ticks, TimeSpan.Zero);
        var expiresAt = windowStart + lifetime;
        // The bytes may be cached for as long as the URL lives, counted from its signing.
        var request = new ViewUrlRequest(key, contentType, fileName, download, expiresAt, expiresAt - now);
        var left = windowStart + windowLength - now;

        var pending = cache.GetOrCreateAsync(CacheKey(number, request), (store, request),
            static (s, _) => ValueTask.FromResult(s.store.GetViewUrl(s.request).ToString()),
            new HybridCacheEntryOptions { Expiration = left, LocalCacheExpiration = left });
        // In process the answer is there at once (a hit, or signing, which is local). Only a
        // first look-up in Redis waits, once per URL, instance and window.
        return new Uri(pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult(), UriKind.RelativeOrAbsolute);
    }

    // Cached by everything the URL signs: the same object under another name or type is
    // another URL, so a download name never depends on who asked first. Hashed: a fixed
    // length, and no file names or keys in Redis.
    private static string CacheKey(long window, ViewUrlRequest r)
    {
        var signed = $"{r.Key}\n{r.ContentType}\n{r.FileName}\n{r.Download}\n{r.ExpiresAt.UtcTicks}";
        return $"view-url:{window}:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(signed)))}";
    }
}
