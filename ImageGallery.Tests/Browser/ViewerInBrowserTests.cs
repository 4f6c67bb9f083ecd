using System.Drawing;
using System.Net;
using ImageGallery.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;

namespace ImageGallery.Tests.Browser;

// The viewer's keys (viewer.js) and a page that outlives its signed URLs (fresh-urls.js),
// in a real browser on the embedded store, whose clock the test can move.
[Collection("Browser")]
public sealed class ViewerInBrowserTests(ManualTimeBrowserFixture fx) : IClassFixture<ManualTimeBrowserFixture>
{
    [Fact]
    public void ArrowKeys_MoveThroughThreeImages_EscapeReturnsToTheGridAtTheTile_AndTheNextImageIsFetchedAhead()
    {
        fx.Driver.Manage().Window.Size = new Size(1280, 900);
        fx.SignUp();
        fx.Open("/");
        fx.Driver.FindElement(By.Id("upload-input")).SendKeys(
            string.Join("\n", new[] { "photo.jpg", "photo.png", "small.gif" }.Select(TestImages.PathOf)));
        fx.Browser.WaitFor(d => d.FindElements(By.CssSelector(".upload-item[data-state=done]")).Count == 3, "three uploads");
        fx.Driver.Navigate().Refresh();
        var order = fx.Driver.FindElements(By.CssSelector("#gallery-grid > li.tile")).Select(t => t.GetDomAttribute("data-image-id")!).ToList();
        Assert.Equal(3, order.Count);

        fx.Driver.FindElement(By.Id($"tile-{order[0]}")).Click();
        WaitForImage(order[0]);
        // The next image's bytes were asked for before anyone pressed a key.
        var preload = fx.Driver.FindElement(By.Id("viewer-nav")).GetDomAttribute("data-preload");
        Assert.False(string.IsNullOrEmpty(preload));
        fx.Browser.WaitFor(_ => fx.Browser.Script(
            "return performance.getEntriesByType('resource').some(e => e.name === new URL(arguments[0], location.href).href);", preload) is true,
            "the next image to be fetched ahead");

        Press(Keys.ArrowRight);
        WaitForImage(order[1]);
        Press(Keys.ArrowRight);
        WaitForImage(order[2]);
        Press(Keys.ArrowRight);   // the last one: nothing further
        Assert.EndsWith($"/images/{order[2]}", fx.Driver.Url);
        Press(Keys.ArrowLeft);
        WaitForImage(order[1]);

        // Keys typed into the caption stay there.
        var caption = fx.Driver.FindElement(By.Id("Input_Caption"));
        caption.SendKeys("x" + Keys.ArrowLeft);
        Assert.EndsWith($"/images/{order[1]}", fx.Driver.Url);

        fx.Driver.FindElement(By.TagName("h1")).Click();
        Press(Keys.Escape);
        fx.Browser.WaitFor(d => d.Url.EndsWith($"#tile-{order[1]}"), "the grid at the tile");
        // Keyboard focus lands on the tile the person came from.
        fx.Browser.WaitFor(_ => fx.Browser.Script("return document.activeElement?.closest('li.tile')?.dataset.imageId;") as string == order[1],
            "the tile to have the focus");
    }

    [Fact]
    public void AJpegsDateTakenAndCamera_AreReadInTheBrowser_ShownOnItsPage_AndFileItUnderItsMonth()
    {
        fx.Driver.Manage().Window.Size = new Size(1280, 900);
        fx.SignUp();
        fx.Open("/");
        var path = Path.Combine(Path.GetTempPath(), $"exif-{Guid.NewGuid():N}.jpg");
        File.WriteAllBytes(path, ExifJpeg.Write(TestImages.Jpeg, gps: (48.85837, 2.29448)));
        try
        {
            fx.Driver.FindElement(By.Id("upload-input")).SendKeys(path);
            fx.Browser.WaitFor(d => d.FindElements(By.CssSelector(".upload-item[data-state=done]")).Count == 1, "the upload");
        }
        finally
        {
            File.Delete(path);
        }
        fx.Driver.Navigate().Refresh();
        Assert.Equal(["July 2019"], fx.Driver.FindElements(By.CssSelector("#gallery-grid > li.gallery-month h2")).Select(h => h.Text).ToList());

        fx.Driver.FindElement(By.CssSelector("#gallery-grid a.tile-link")).Click();
        fx.Browser.WaitFor(d => d.FindElements(By.ClassName("image-taken")).FirstOrDefault(), "the image page");
        Assert.Equal("2019-07-14 09:41", fx.Driver.FindElement(By.ClassName("image-taken")).Text);
        Assert.Equal("Canon EOS R6", fx.Driver.FindElement(By.ClassName("image-camera")).Text);
        Assert.Equal("RF24-105mm F4 L IS USM", fx.Driver.FindElement(By.ClassName("image-lens")).Text);
        Assert.Equal("1/250 s · f/2.8 · ISO 400 · 50 mm", fx.Driver.FindElement(By.ClassName("image-exposure")).Text);
        // The file had a position; its owner has not asked for positions to be kept.
        Assert.StartsWith("In the file, not kept.", fx.Driver.FindElement(By.ClassName("image-location")).Text);
    }

    [Fact]
    public async Task AGalleryLeftOpenPastItsUrlsLifetime_StillShowsEveryTile()
    {
        const int count = 40;
        var email = fx.SignUp();
        var userId = await ImageSeeder.UserIdAsync(fx.Factory, email);
        using (var http = fx.CreateHttpClient())
            for (var i = 0; i < count; i++) await ImageSeeder.SeedStoredAsync(fx.Factory, http, userId);

        // A phone's screen: two columns, so the lower tiles are lazily left for later.
        fx.Driver.Manage().Window.Size = new Size(390, 844);
        try
        {
            fx.Open("/");
            fx.Browser.WaitFor(_ => Loaded() >= 4, "the first tiles");
            Assert.True(Loaded() < count, "Every tile loaded at once: nothing is left to load after the URLs expire.");
            var before = Sources();

            // Two minutes on, with a one-minute URL lifetime: every URL the page holds has expired.
            fx.Time.Advance(TimeSpan.FromMinutes(2));
            using (var http = fx.CreateHttpClient())
                Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync(new Uri(fx.BaseUrl, before[^1]))).StatusCode);

            fx.Browser.WaitFor(_ =>
            {
                fx.Browser.Script("window.scrollBy(0, 600);");
                return Loaded() == count;
            }, "every tile to load after scrolling down");
            var after = Sources();
            Assert.NotEqual(before[^1], after[^1]);
        }
        finally
        {
            fx.Driver.Manage().Window.Size = new Size(1280, 900);
        }
    }

    private int Loaded() => Convert.ToInt32(fx.Browser.Script(
        "return Array.from(document.querySelectorAll('#gallery-grid img')).filter(i => i.complete && i.naturalWidth > 0).length;"));

    private List<string> Sources() =>
        fx.Driver.FindElements(By.CssSelector("#gallery-grid img")).Select(i => i.GetDomAttribute("src")!).ToList();

    private void Press(string key) => new OpenQA.Selenium.Interactions.Actions(fx.Driver).SendKeys(key).Perform();

    private void WaitForImage(string id) =>
        fx.Browser.WaitFor(d => d.Url.EndsWith($"/images/{id}") && fx.Browser.Script(
            "const i = document.querySelector('.image-original img'); return !!i && i.complete && i.naturalWidth > 0;") is true,
            $"image {id} to show");
}

// The embedded store with a clock the test moves, and the shortest URL lifetime allowed.
public sealed class ManualTimeBrowserFixture() : BrowserFixture(_ => new ManualTimeGalleryFactory()
    .With("Gallery:ViewUrlLifetime", "00:01:00"))
{
    public ManualTime Time => ((ManualTimeGalleryFactory)Factory).Time;
}

public sealed class ManualTimeGalleryFactory : GalleryFactory
{
    public ManualTime Time { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Time));
    }
}
