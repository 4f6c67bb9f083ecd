using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace ImageGallery.Bench;

// An album of 200 images of 5 MB on RGW downloaded as one ZIP by the album page's own
// module (wwwroot/js/zip-download.js in Chromium: signed URLs from the app, bytes from
// RGW, the ZIP made by client-zip), against curl fetching the same signed URLs the same
// way the module does: one at a time over one connection (the module fetches each file
// when client-zip asks for the next entry). Also curl 4 at a time, for scale.
// Seeded truthfully through the upload API (presign, POST to RGW, complete: the server's
// copy to the permanent key and its check), then added to an album through the selection
// form; nothing is written to the database or the bucket behind the app's back.
public static partial class ZipBench
{
    private const int Images = 200;
    private const int ImageBytes = 5_000_000;

    public static async Task RunAsync(string webDll, string dataDir, string thumbPath, int port)
    {
        var origin = $"http://127.0.0.1:{port}";
        var settings = Settings.S3(dataDir, Settings.Unthrottled);
        settings["Storage:S3:CorsOrigins:0"] = origin;
        await MultipartBench.SetupBucketAsync(webDll, settings);
        try
        {
            await using var app = await AppProcess.StartAsync(webDll, port, settings);
            var user = await BenchUser.RegisterAsync(app.BaseUri, "zip@bench.test");
            var clock = Stopwatch.StartNew();
            var album = await SeedAlbumAsync(user, await File.ReadAllBytesAsync(thumbPath));
            Console.WriteLine($"  seeded {Images} images of {ImageBytes / 1e6:N0} MB through the upload API and an album in {clock.Elapsed.TotalSeconds:N1} s");

            var urls = await AlbumUrlsAsync(user, album);
            var total = (double)Images * ImageBytes;
            var curl1 = await CurlAsync(urls, parallel: 1);
            var curl4 = await CurlAsync(urls, parallel: 4);
            using var browser = BenchChrome.Open(app.BaseUri, user);
            var (stream, _) = await browser.ZipAsync(album, toMemory: false);
            var (memory, saved) = await browser.ZipAsync(album, toMemory: true);
            string Rate(TimeSpan t) => $"{t.TotalSeconds,6:N2} s ({total / t.TotalSeconds / 1e6,5:N0} MB/s)";
            Console.WriteLine($"  curl, one at a time (as the module):  {Rate(curl1)}");
            Console.WriteLine($"  curl, 4 at a time:                     {Rate(curl4)}");
            Console.WriteLine($"  browser module, streamed to a sink:    {Rate(stream)}  {curl1 / stream:P0} of curl one at a time");
            Console.WriteLine($"  browser module, built in memory:       {Rate(memory)}  {curl1 / memory:P0} of curl one at a time; saved to disk after {saved.TotalSeconds:N2} s");
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("BENCH_DELETE_BUCKET") == "1") await MultipartBench.DeleteBucketAsync();
        }
    }

    // 4 uploads at a time, each one distinct file; then one album holding all of them.
    private static async Task<string> SeedAlbumAsync(BenchUser user, byte[] thumb)
    {
        var template = new byte[ImageBytes];
        Random.Shared.NextBytes(template);
        new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }.CopyTo(template, 0);
        await Parallel.ForAsync(0, Images, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var bytes = (byte[])template.Clone();
            BitConverter.GetBytes(i).CopyTo(bytes, 4);
            await BrowserBytesBench.UploadAsync(user, bytes, thumb);
        });

        var gallery = await user.Http.GetStringAsync("/?select=1");
        var ids = TileId().Matches(gallery).Select(m => m.Groups[1].Value).Distinct().ToList();
        // The gallery shows 60 a page: follow "Older" until every tile is listed.
        while (Older().Match(gallery) is { Success: true } older)
        {
            gallery = await user.Http.GetStringAsync(WebUtility.HtmlDecode(older.Groups[1].Value));
            ids.AddRange(TileId().Matches(gallery).Select(m => m.Groups[1].Value).Except(ids).ToList());
        }
        if (ids.Count != Images) throw new InvalidOperationException($"The gallery lists {ids.Count} images, not {Images}.");
        var form = ids.Select(id => KeyValuePair.Create("ids", id))
            .Append(KeyValuePair.Create("newAlbum", "Bench ZIP"))
            .Append(KeyValuePair.Create("returnUrl", "/"))
            .Append(KeyValuePair.Create("__RequestVerificationToken", user.Token));
        using var added = await user.Http.PostAsync("/selection?handler=AddToAlbum", new FormUrlEncodedContent(form));
        if (added.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Adding to the album answered {(int)added.StatusCode}.");
        var albums = await user.Http.GetStringAsync("/albums");
        return AlbumLink().Match(albums) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No album on /albums.");
    }

    // The same signed URLs the module asks for (POST /api/downloads/albums/{id}).
    private static async Task<List<string>> AlbumUrlsAsync(BenchUser user, string album)
    {
        var page = await user.PostJsonAsync($"/api/downloads/albums/{album}", null, HttpStatusCode.OK);
        // AbsoluteUri: percent-encoded as a browser sends it (curl refuses a raw space or quote).
        var urls = page.GetProperty("files").EnumerateArray().Select(f => new Uri(f.GetProperty("url").GetString()!).AbsoluteUri).ToList();
        if (urls.Count != Images) throw new InvalidOperationException($"The album lists {urls.Count} files.");
        return urls;
    }

    // One curl process, connections reused, every body to /dev/null; the URLs as arguments
    // (-g: no globbing of the signed query).
    private static async Task<TimeSpan> CurlAsync(List<string> urls, int parallel)
    {
        var psi = new ProcessStartInfo("curl") { RedirectStandardOutput = true };
        foreach (var a in new[] { "-sS", "-g", "-w", "%{http_code}\\n" }) psi.ArgumentList.Add(a);
        if (parallel > 1) foreach (var a in new[] { "--parallel", "--parallel-max", $"{parallel}" }) psi.ArgumentList.Add(a);
        foreach (var u in urls) foreach (var a in new[] { "-o", "/dev/null", u }) psi.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var curl = Process.Start(psi)!;
        var codes = await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync();
        var elapsed = clock.Elapsed;
        var lines = codes.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length != urls.Count || lines.Any(c => c != "200"))
            throw new InvalidOperationException($"curl answered: {string.Join(' ', lines.Distinct())} (first URL {new Uri(urls[0]).GetLeftPart(UriPartial.Path)})");
        return elapsed;
    }

    [GeneratedRegex("data-image-id=\"([0-9a-f-]{36})\"")]
    private static partial Regex TileId();

    [GeneratedRegex("rel=\"next\" href=\"([^\"]+)\"")]
    private static partial Regex Older();

    [GeneratedRegex("href=\"/albums/([0-9a-f-]{36})\"")]
    private static partial Regex AlbumLink();

    // Chromium signed in as the bench user, downloads allowed into a directory of its own.
    private sealed class BenchChrome : IDisposable
    {
        private readonly ChromeDriverService _service;
        private readonly ChromeDriver _driver;
        private readonly Uri _baseUri;
        private readonly string _downloads = Directory.CreateTempSubdirectory("bench-zip-").FullName;

        private BenchChrome(ChromeDriverService service, ChromeDriver driver, Uri baseUri) => (_service, _driver, _baseUri) = (service, driver, baseUri);

        public static BenchChrome Open(Uri baseUri, BenchUser user)
        {
            var (service, driver) = SignedInChrome.Open(baseUri, user);
            return new BenchChrome(service, driver, baseUri);
        }

        // Click on "Download album as ZIP" to the module's "Downloaded …" (every byte through
        // client-zip). toMemory: the path of a browser without showSaveFilePicker (a Blob,
        // then saved: Saved is when the .zip is complete on disk); otherwise the picker
        // hands the module a writable that counts and drops the bytes (headless Chromium has
        // no one to answer the real dialog), so that figure has no disk in it.
        public async Task<(TimeSpan Zip, TimeSpan Saved)> ZipAsync(string album, bool toMemory)
        {
            foreach (var f in Directory.GetFiles(_downloads)) File.Delete(f);
            _driver.ExecuteCdpCommand("Browser.setDownloadBehavior", new Dictionary<string, object?>
            {
                ["behavior"] = "allow", ["downloadPath"] = _downloads, ["eventsEnabled"] = false,
            });
            _driver.Navigate().GoToUrl(new Uri(_baseUri, $"/albums/{album}"));
            var js = (IJavaScriptExecutor)_driver;
            js.ExecuteScript(toMemory
                ? "Object.defineProperty(window, 'showSaveFilePicker', { value: undefined });"
                : """
                  window.__bytes = 0;
                  window.showSaveFilePicker = async () => ({
                      createWritable: async () => new WritableStream({ write(c) { window.__bytes += c.byteLength; } }),
                  });
                  """);
            js.ExecuteScript("""
                window.__t = {};
                const button = document.querySelector('[data-zip-album]');
                button.addEventListener('click', () => { window.__t.start = performance.now(); }, { capture: true });
                new MutationObserver(() => {
                    const m = document.querySelector('.selection-message');
                    if (m && /^Downloaded|failed|cannot/.test(m.textContent) && !window.__t.end) { window.__t.end = performance.now(); window.__t.text = m.textContent; }
                }).observe(document.body, { subtree: true, childList: true, characterData: true });
                """);
            var clock = Stopwatch.StartNew();
            _driver.FindElement(By.CssSelector("[data-zip-album]")).Click();
            await Task.Run(() => new WebDriverWait(_driver, TimeSpan.FromMinutes(10)).Until(_ => js.ExecuteScript("return window.__t.end !== undefined") is true));
            var t = (IReadOnlyDictionary<string, object>)js.ExecuteScript("return window.__t")!;
            var text = (string)t["text"];
            if (!text.StartsWith("Downloaded", StringComparison.Ordinal)) throw new InvalidOperationException($"The module said: {text}");
            var zip = TimeSpan.FromMilliseconds(Convert.ToDouble(t["end"]) - Convert.ToDouble(t["start"]));
            if (!toMemory)
            {
                var bytes = Convert.ToInt64(js.ExecuteScript("return window.__bytes"));
                if (bytes < (long)Images * ImageBytes) throw new InvalidOperationException($"The sink got {bytes} bytes.");
                return (zip, TimeSpan.Zero);
            }
            // Chromium writes a .crdownload and renames it to .zip when complete.
            var file = await Task.Run(() => new WebDriverWait(_driver, TimeSpan.FromMinutes(5)).Until(_ => Directory.GetFiles(_downloads, "*.zip").FirstOrDefault()));
            var saved = clock.Elapsed;
            var length = new FileInfo(file).Length;
            if (length < (long)Images * ImageBytes) throw new InvalidOperationException($"The ZIP on disk is {length} bytes.");
            File.Delete(file);
            return (zip, saved);
        }

        public void Dispose()
        {
            _driver.Quit();
            _driver.Dispose();
            _service.Dispose();
            Directory.Delete(_downloads, recursive: true);
        }
    }
}
