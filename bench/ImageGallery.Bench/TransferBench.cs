using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;

namespace ImageGallery.Bench;

public sealed record TransferResult(int Images, long OriginalBytes, long ViewerBytes, long ViewerImageBytes);

// Issue 11's transfer target: 10 photos whose originals are about 20 MB each, uploaded
// through the gallery page's own module (so the browser makes the thumbnails and display
// copies), then viewed one after another in the viewer (→ from the newest). What the
// viewer pages transfer (Resource Timing: documents, scripts, styles, images, with the
// next image fetched ahead) against the originals' total; goal ≤ 10%. Embedded storage:
// same origin, so Resource Timing reports every transfer size.
public static class TransferBench
{
    public static async Task<TransferResult> RunAsync(string webDll, string dataDir, int count, int port)
    {
        await using var app = await AppProcess.StartAsync(webDll, port, Settings.Embedded(dataDir, Settings.Unthrottled));
        var user = await BenchUser.RegisterAsync(app.BaseUri, "transfer@bench.test");
        var chrome = SignedInChrome.Open(app.BaseUri, user);
        using var service = chrome.Service;
        using var driver = chrome.Driver;
        var js = (IJavaScriptExecutor)driver;
        driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromMinutes(5);

        driver.Navigate().GoToUrl(new Uri(app.BaseUri, "/"));
        var originals = Convert.ToInt64(driver.ExecuteAsyncScript(ChooseGeneratedPhotos, count));
        await Task.Run(() => new WebDriverWait(driver, TimeSpan.FromMinutes(10)).Until(d =>
        {
            var states = d.FindElements(By.CssSelector(".upload-item")).Select(i => i.GetDomAttribute("data-state")).ToList();
            if (states.Contains("failed")) throw new InvalidOperationException("An upload failed: " + d.FindElement(By.CssSelector(".upload-item[data-state=failed]")).Text);
            return states.Count == count && states.All(s => s == "done");
        }));

        driver.Navigate().GoToUrl(new Uri(app.BaseUri, "/"));
        var first = driver.FindElements(By.CssSelector("#gallery-grid > li.tile")).First().GetDomAttribute("data-image-id");
        // A fresh browser cache for the viewing, as a person opening the gallery elsewhere would have.
        js.ExecuteScript("performance.clearResourceTimings()");
        driver.Navigate().GoToUrl(new Uri(app.BaseUri, $"/images/{first}"));
        long all = 0, images = 0;
        var shown = new List<string>();
        for (var i = 0; i < count; i++)
        {
            new WebDriverWait(driver, TimeSpan.FromMinutes(1)).Until(_ => js.ExecuteScript("""
                const img = document.querySelector('main img[data-fresh-url=view]');
                const next = document.getElementById('viewer-nav').dataset.preload;
                const loaded = img && img.complete && img.naturalWidth > 0;
                // The next image fetched ahead has finished too (counted on this page).
                const ahead = !next || performance.getEntriesByType('resource').some(e => e.initiatorType === 'img' && e.responseEnd > 0
                    && e.name !== img.currentSrc);
                return loaded && ahead;
                """) is true);
            var page = (IReadOnlyDictionary<string, object>)js.ExecuteScript("""
                const entries = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));
                return {
                    all: entries.reduce((s, e) => s + e.transferSize, 0),
                    images: entries.filter(e => e.initiatorType === 'img').reduce((s, e) => s + e.transferSize, 0),
                    shown: document.querySelector('main img[data-fresh-url=view]').currentSrc,
                };
                """)!;
            all += Convert.ToInt64(page["all"]);
            images += Convert.ToInt64(page["images"]);
            shown.Add(new Uri((string)page["shown"]).AbsolutePath.Split('/')[^1]);
            if (i < count - 1)
            {
                var url = driver.Url;
                driver.FindElement(By.TagName("body")).SendKeys(Keys.ArrowRight);
                new WebDriverWait(driver, TimeSpan.FromSeconds(30)).Until(d => d.Url != url && js.ExecuteScript("return document.readyState") as string == "complete");
            }
        }

        var r = new TransferResult(count, originals, all, images);
        Console.WriteLine($"  {count} photos, originals {originals / 1e6:N1} MB in all ({originals / count / 1e6:N1} MB each); " +
                          $"the viewer transferred {all / 1e6:N2} MB ({images / 1e6:N2} MB of images): {100.0 * all / originals:N1}% of the originals (goal ≤ 10%)");
        Console.WriteLine($"  shown: {string.Join(", ", shown.GroupBy(s => s).Select(g => $"{g.Count()} × {g.Key}"))}");
        return r;
    }

    // In the page: paints `count` photo-like JPEGs of 6000 × 4500 on a canvas (gradients,
    // shapes and per-pixel noise, so each is about 20 MB at quality 0.97), and hands them to
    // the uploader's file input as if chosen in the picker. Returns their total size.
    private const string ChooseGeneratedPhotos = """
        const [count, done] = arguments;
        const w = 6000, h = 4500;
        (async () => {
            const files = [];
            for (let n = 0; n < count; n++) {
                const canvas = document.createElement('canvas');
                canvas.width = w; canvas.height = h;
                const ctx = canvas.getContext('2d');
                const g = ctx.createLinearGradient(0, 0, w, h);
                g.addColorStop(0, `hsl(${n * 36} 50% 40%)`); g.addColorStop(1, `hsl(${n * 36 + 120} 60% 60%)`);
                ctx.fillStyle = g; ctx.fillRect(0, 0, w, h);
                for (let i = 0; i < 300; i++) {
                    ctx.fillStyle = `hsl(${(i * 37 + n * 11) % 360} 60% 50% / .4)`;
                    ctx.beginPath(); ctx.arc(Math.random() * w, Math.random() * h, 20 + Math.random() * 400, 0, 2 * Math.PI); ctx.fill();
                }
                const tile = ctx.createImageData(512, 512);
                for (let i = 0; i < tile.data.length; i += 4) {
                    tile.data[i] = Math.random() * 255; tile.data[i + 1] = Math.random() * 255; tile.data[i + 2] = Math.random() * 255;
                    tile.data[i + 3] = 56;
                }
                const noise = await createImageBitmap(tile);
                for (let y = 0; y < h; y += 512) for (let x = 0; x < w; x += 512) ctx.drawImage(noise, x, y);
                const blob = await new Promise(r => canvas.toBlob(r, 'image/jpeg', 0.97));
                files.push(new File([blob], `photo-${n + 1}.jpg`, { type: 'image/jpeg', lastModified: Date.now() }));
                canvas.width = canvas.height = 0;
            }
            const input = document.getElementById('upload-input');
            const dt = new DataTransfer();
            files.forEach(f => dt.items.add(f));
            input.files = dt.files;
            input.dispatchEvent(new Event('change', { bubbles: true }));
            done(files.reduce((s, f) => s + f.size, 0));
        })();
        """;
}
