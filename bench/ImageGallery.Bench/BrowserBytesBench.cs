using System.Net;
using System.Net.Http.Headers;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace ImageGallery.Bench;

public sealed record BytesResult(int Tiles, long OriginalBytesEach, long FirstViewBytes, long FirstViewThumbBytes, long SecondViewThumbBytes);

// What a browser transfers for one 60-tile page of 5 MB originals, and for a second
// view inside the URL window. Real uploads through the API and the embedded store
// (same origin, so Resource Timing reports transfer sizes), real Chromium.
public static class BrowserBytesBench
{
    public static async Task<BytesResult> RunAsync(string webDll, string dataDir, string thumbPath)
    {
        await using var app = await AppProcess.StartAsync(webDll, 5105, Settings.Embedded(dataDir, Settings.Unthrottled));
        var user = await BenchUser.RegisterAsync(app.BaseUri, "bytes@bench.test");
        var thumb = await File.ReadAllBytesAsync(thumbPath);
        var original = new byte[5_000_000];
        Random.Shared.NextBytes(original);
        new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }.CopyTo(original, 0);
        for (var i = 0; i < 60; i++) await UploadAsync(user, original, thumb);

        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=1280,900", $"--user-data-dir={Directory.CreateTempSubdirectory("bench-chrome").FullName}");
        using var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.HideCommandPromptWindow = true;
        using var driver = new ChromeDriver(service, options);

        driver.Navigate().GoToUrl(new Uri(app.BaseUri, "/health"));
        var auth = user.CookieHeader.Split("; ").Select(c => c.Split('=', 2)).First(c => c[0] == "gallery.auth");
        driver.Manage().Cookies.AddCookie(new OpenQA.Selenium.Cookie(auth[0], auth[1], "/"));

        driver.Navigate().GoToUrl(new Uri(app.BaseUri, "/"));
        var (firstAll, firstThumbs, tiles) = Measure(driver);
        // A second view as a person makes it: following the link back to the gallery.
        // (A DOM click: Bootstrap's smooth scrolling leaves the link off-screen for a WebDriver click.)
        ((IJavaScriptExecutor)driver).ExecuteScript("window.__oldPage = true; document.querySelector('a.navbar-brand').click()");
        new OpenQA.Selenium.Support.UI.WebDriverWait(driver, TimeSpan.FromSeconds(10))
            .Until(d => ((IJavaScriptExecutor)d).ExecuteScript("return window.__oldPage === undefined && document.readyState === 'complete'") is true);
        var (_, secondThumbs, _) = Measure(driver);

        var r = new BytesResult(tiles, original.Length, firstAll, firstThumbs, secondThumbs);
        Console.WriteLine($"  {tiles} tiles of {original.Length / 1e6:N0} MB originals: first view {firstAll / 1e6:N2} MB in all " +
                          $"({firstThumbs / 1e6:N2} MB thumbnails); second view {secondThumbs:N0} thumbnail bytes");
        return r;
    }

    // Scrolls to the end so every lazy tile loads (the worst case), waits for them,
    // then sums Resource Timing transfer sizes (0 for a browser-cache hit).
    private static (long All, long Thumbs, int Tiles) Measure(ChromeDriver driver)
    {
        var js = (IJavaScriptExecutor)driver;
        for (var i = 0; i < 100; i++)
        {
            js.ExecuteScript("window.scrollTo(0, document.body.scrollHeight)");
            var done = (bool)js.ExecuteScript("return [...document.querySelectorAll('#gallery-grid img')].every(i => i.complete && i.naturalWidth > 0)")!;
            if (done) break;
            Thread.Sleep(100);
        }
        var tiles = Convert.ToInt32(js.ExecuteScript("return document.querySelectorAll('#gallery-grid img').length"));
        var all = Convert.ToInt64(js.ExecuteScript(
            "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource')).reduce((s, e) => s + e.transferSize, 0)"));
        var thumbs = Convert.ToInt64(js.ExecuteScript(
            "return performance.getEntriesByType('resource').filter(e => e.initiatorType === 'img').reduce((s, e) => s + e.transferSize, 0)"));
        return (all, thumbs, tiles);
    }

    internal static async Task UploadAsync(BenchUser user, byte[] original, byte[] thumb)
    {
        var presign = await user.PostJsonAsync("/api/uploads", new
        {
            fileName = "holiday.jpg", contentType = "image/jpeg", size = original.Length, width = 4000, height = 3000,
            thumbnail = new { contentType = "image/jpeg", size = thumb.Length },
        }, HttpStatusCode.Created);
        await PostFormAsync(user.Http, presign.GetProperty("upload"), original);
        await PostFormAsync(user.Http, presign.GetProperty("thumbnailUpload"), thumb);
        await user.PostJsonAsync($"/api/uploads/{presign.GetProperty("id").GetString()}/complete", null, HttpStatusCode.OK);
    }

    private static async Task PostFormAsync(HttpClient http, System.Text.Json.JsonElement upload, byte[] bytes)
    {
        using var form = new MultipartFormDataContent();
        foreach (var f in upload.GetProperty("fields").EnumerateObject())
            form.Add(new StringContent(f.Value.GetString()!), f.Name);
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "file", "f.jpg");
        using var response = await http.PostAsync(upload.GetProperty("url").GetString(), form);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Storage answered {(int)response.StatusCode}.");
    }
}
