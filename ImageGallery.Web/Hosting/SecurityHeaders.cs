using ImageGallery.Web.Storage;

namespace ImageGallery.Web.Hosting;

// Response headers on every answer. The Content-Security-Policy allows no inline style
// and one inline script: the layout's import map, by the hash of its exact text
// (StaticAssetUrls; no 'unsafe-inline', no nonce: the map is the same on every page, so the
// policy stays one string built once). Images, uploads (XHR) and form posts may also go to the storage
// origin, which is read from the URLs the store itself makes, so it is right for S3
// (path-style or bucket subdomain) and 'self' for the embedded store.
public sealed class SecurityHeaders(IObjectStore store, StaticAssetUrls assets, TimeProvider time)
{
    private const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    private string? _policy;

    public string ContentSecurityPolicy => _policy ??= Build(StorageOrigin(), assets.ImportMapHash);

    public Task ApplyAsync(HttpContext ctx, Func<Task> next)
    {
        var h = ctx.Response.Headers;
        h.XContentTypeOptions = "nosniff";
        h["Referrer-Policy"] = "same-origin";
        h.XFrameOptions = "DENY";
        h.ContentSecurityPolicy = ContentSecurityPolicy;
        h["Permissions-Policy"] = PermissionsPolicy;
        return next();
    }

    private static string Build(string? storage, string importMapHash)
    {
        var s = storage is null ? "" : " " + storage;
        // data: for Bootstrap's own SVG icons (checkboxes, selects); blob: for thumbnails
        // the browser makes before upload. 'wasm-unsafe-eval' lets WebAssembly compile (the
        // HEIC decoder, wwwroot/lib/libheif-js) and nothing else: eval and new Function stay
        // blocked, and script still comes only from 'self'.
        return $"default-src 'self'; script-src 'self' {importMapHash} 'wasm-unsafe-eval'; style-src 'self'; " +
               $"img-src 'self' data: blob:{s}; connect-src 'self'{s}; form-action 'self'{s}; " +
               "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
    }

    // The origin of the store's signed URLs; null when they are the app's own (relative).
    private string? StorageOrigin()
    {
        var expires = time.GetUtcNow().AddMinutes(5);
        var form = new Uri(store.CreateUploadForm(new UploadFormRequest("csp/probe.jpg", "image/jpeg", 1, expires)).Url,
            UriKind.RelativeOrAbsolute);
        var view = store.GetViewUrl(new ViewUrlRequest("csp/probe.jpg", "image/jpeg", "probe.jpg", false, expires, TimeSpan.FromMinutes(5)));
        var origins = new[] { form, view }.Where(u => u.IsAbsoluteUri).Select(u => u.GetLeftPart(UriPartial.Authority)).Distinct();
        return string.Join(' ', origins) is { Length: > 0 } joined ? joined : null;
    }
}
