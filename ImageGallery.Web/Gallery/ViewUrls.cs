using System.Collections.Concurrent;
using ImageGallery.Web.Hosting;
using ImageGallery.Web.Storage;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Gallery;

// Signed GET URLs that stay the same for a window, so a second page view is served
// from the browser cache instead of downloading every thumbnail again.
//
// Expiry is aligned to a grid of cells a third of the lifetime long, and the URL for
// (key, cell) is cached: inside a cell every page view gets the same URL. (S3's
// signature covers the signing time, so only the cache makes it stable; the embedded
// store's would be stable without it.) A URL handed out has between two-thirds and
// all of its lifetime left; browsers may cache the bytes for the two-thirds.
public sealed class ViewUrls(IObjectStore store, IOptions<GalleryOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Key, bool Download, long Cell), Uri> _cache = new();

    public Uri For(string key, string contentType, string fileName, bool download = false)
    {
        var lifetime = options.Value.ViewUrlLifetime;
        var cellTicks = lifetime.Ticks / 3;
        var now = time.GetUtcNow();
        var cell = now.UtcTicks / cellTicks;
        var expiresAt = new DateTimeOffset((cell * cellTicks) + lifetime.Ticks, TimeSpan.Zero);
        var maxAge = TimeSpan.FromTicks(lifetime.Ticks - cellTicks);

        if (_cache.Count > 50_000) _cache.Clear();
        return _cache.GetOrAdd((key, download, cell), _ =>
            store.GetViewUrl(new ViewUrlRequest(key, contentType, fileName, download, expiresAt, maxAge)));
    }

}
