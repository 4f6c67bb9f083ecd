using System.Collections.Concurrent;
using ImageGallery.Web.Hosting;
using ImageGallery.Web.Storage;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Gallery;

// Signed GET URLs that stay the same for a window, so a second page view is served
// from the browser cache instead of downloading every thumbnail again.
//
// Time is cut into windows two-thirds of the lifetime long. Every URL handed out in a
// window expires at the window's start plus the lifetime, so it is never valid for
// longer than the lifetime, and has at least a third of it left (5 minutes by default)
// for a lazily loaded tile further down the page. S3 puts the signing time into the
// signature, so only this cache makes the URL stable; it holds the current window's
// URLs and nothing older, which bounds it by what was viewed in one window.
public sealed class ViewUrls(IObjectStore store, IOptions<GalleryOptions> options, TimeProvider time)
{
    // A safety valve only: past it, URLs are still correct, just signed afresh.
    private const int MaxCachedPerWindow = 500_000;

    private Window _current = new(long.MinValue);

    public Uri For(string key, string contentType, string fileName, bool download = false)
    {
        var lifetime = options.Value.ViewUrlLifetime;
        var windowLength = lifetime * 2 / 3;
        var now = time.GetUtcNow();
        var number = now.UtcTicks / windowLength.Ticks;

        var window = Volatile.Read(ref _current);
        // Only forward: a request that read the clock just before the turn must not throw
        // away the new window's URLs.
        if (window.Number < number)
        {
            var fresh = new Window(number);
            var seen = Interlocked.CompareExchange(ref _current, fresh, window);
            window = ReferenceEquals(seen, window) ? fresh : seen;
        }

        var expiresAt = new DateTimeOffset(number * windowLength.Ticks, TimeSpan.Zero) + lifetime;
        // The bytes may be cached for as long as the URL lives, counted from its signing.
        Uri Sign() => store.GetViewUrl(new ViewUrlRequest(key, contentType, fileName, download, expiresAt, expiresAt - now));

        // Another request crossed into a different window meanwhile: stay correct, skip the cache.
        if (window.Number != number) return Sign();
        // Cached by everything the URL signs: the same object under another name or type
        // is another URL, so a download name never depends on who asked first.
        var signed = new Signed(key, contentType, fileName, download);
        if (window.Urls.TryGetValue(signed, out var cached)) return cached;
        return window.Urls.Count >= MaxCachedPerWindow ? Sign() : window.Urls.GetOrAdd(signed, _ => Sign());
    }

    private readonly record struct Signed(string Key, string ContentType, string FileName, bool Download);

    private sealed class Window(long number)
    {
        public long Number { get; } = number;
        public ConcurrentDictionary<Signed, Uri> Urls { get; } = new();
    }
}
