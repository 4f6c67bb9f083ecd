using ImageGallery.Tests.Infrastructure;
using OpenQA.Selenium;

namespace ImageGallery.Tests.Browser;

// The layout's import map (Hosting/StaticAssetUrls.cs) in Chromium: every module a page
// imports is fetched by its fingerprinted URL, which is cached for good, so a repeat visit
// asks the network for no module at all (no 304s, no waves of them down the import graph),
// and the absolute keys resolve on a nested page too.
[Collection("Browser")]
public sealed class ImportMapInBrowserTests(CachingBrowserFixture fx) : IClassFixture<CachingBrowserFixture>
{
    // The gallery page's modules: its entry scripts and all they import statically.
    private static readonly string[] GalleryModules =
    [
        "/js/nav.js", "/js/gallery.js", "/js/upload.js", "/js/exif.js", "/js/image-types.js", "/js/thumbnail.js",
        "/js/decode.js", "/js/pixel-size.js", "/js/upload-requests.js", "/js/multipart.js", "/js/upload-tile.js",
        "/js/upload-ui.js", "/js/fresh-urls.js",
    ];

    [Fact]
    public async Task TheGalleryPage_FetchesEveryModuleByItsFingerprintedUrl_AndARepeatVisitFetchesNoneFromTheNetwork()
    {
        fx.SignUp();
        fx.Driver.FindElement(By.Id("upload-input")).SendKeys(TestImages.PathOf("photo.jpg"));
        fx.Browser.WaitFor(d => d.FindElements(By.CssSelector(".upload-item[data-state=done]")).Count == 1, "the upload");

        fx.Open("/");
        var map = ImportMap();
        var first = Modules(GalleryModules, map);
        Assert.All(GalleryModules, m => Assert.NotEqual(m, map[m]));
        Assert.All(first, e => Assert.Contains(e.Path, map.Values));

        // What makes the difference: the fingerprinted URL may be kept, the plain one not.
        using var http = fx.CreateHttpClient();
        Assert.Contains("immutable", (await http.GetAsync(map["/js/exif.js"])).Headers.CacheControl!.ToString());
        Assert.True((await http.GetAsync("/js/exif.js")).Headers.CacheControl!.NoCache);
        fx.Open("/");
        var again = Modules(GalleryModules, map);
        Assert.Equal(first.Select(e => e.Path).Order(), again.Select(e => e.Path).Order());
        // transferSize is the bytes that came over the network, headers included: 0 only
        // when the HTTP cache answered without asking (a 304 has headers).
        var fetched = again.Where(e => e.TransferSize != 0).Select(e => $"{e.Path} ({e.TransferSize} bytes)").ToList();
        Assert.True(fetched.Count == 0, "fetched again: " + string.Join(", ", fetched));

        // A nested page: "/js/…" keys, not "./js/…", so the viewer's import resolves here too.
        var id = fx.Driver.FindElement(By.CssSelector("#gallery-grid > li.tile")).GetDomAttribute("data-image-id");
        fx.Open($"/images/{id}");
        var viewer = Modules(["/js/viewer.js", "/js/fresh-urls.js"], ImportMap());
        Assert.All(viewer, e => Assert.Contains(e.Path, map.Values));
        Assert.Equal(map, ImportMap());
    }

    private Dictionary<string, string> ImportMap()
    {
        var imports = (IDictionary<string, object>)fx.Browser.Script(
            "return JSON.parse(document.querySelector('script[type=importmap]').textContent).imports;")!;
        return imports.ToDictionary(i => i.Key, i => (string)i.Value);
    }

    // This page's resource entries for scripts of its own origin, once every expected module
    // (by its plain or its fingerprinted URL) has been fetched.
    private List<(string Path, long TransferSize)> Modules(IReadOnlyCollection<string> expected, Dictionary<string, string> map)
    {
        List<(string Path, long TransferSize)> entries = [];
        fx.Browser.WaitFor(_ =>
        {
            var raw = (IReadOnlyList<object>)fx.Browser.Script("""
                return performance.getEntriesByType('resource')
                    .map(e => [new URL(e.name), e.transferSize])
                    .filter(([u]) => u.origin === location.origin && u.pathname.endsWith('.js'))
                    .map(([u, size]) => [u.pathname, size]);
                """)!;
            entries = raw.Cast<IReadOnlyList<object>>().Select(e => ((string)e[0], Convert.ToInt64(e[1]))).ToList();
            return expected.All(m => entries.Any(e => e.Path == m || e.Path == map.GetValueOrDefault(m))) ? entries : null;
        }, "the page's modules: " + string.Join(", ", expected));
        return entries;
    }
}

// The tests run the build output, whose static assets MapStaticAssets serves uncached
// (its development behaviour); this setting restores the manifest's own Cache-Control,
// which is what the published app sends: a year, immutable, for a fingerprinted URL.
public sealed class CachingBrowserFixture() : BrowserFixture(_ => new GalleryFactory()
    .With("EnableStaticAssetsDevelopmentCaching", "true"));
