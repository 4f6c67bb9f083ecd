using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ImageGallery.Web.Storage;
using ImageGallery.Web.Uploads;
using OpenQA.Selenium;

namespace ImageGallery.Tests.Browser;

// The whole upload path in a real browser: upload.js, the upload API, storage's form
// POST, and the gallery page. Each backend runs the same tests (subclasses below).
public abstract class UploadInBrowserTests(BrowserFixture fx, string backend)
{
    private static readonly string[] Fixtures = ["photo.jpg", "photo.png", "small.gif"];

    [Fact]
    public void ThreeChosenImages_UploadWithProgress_AppearAsTilesWithBrowserMadeThumbnails_AndStayAfterReload()
    {
        fx.SignUp();
        fx.Open("/");

        ChooseFiles(Fixtures.Select(TestImages.PathOf));

        var items = WaitForUploadsToSettle(3);
        Assert.All(items, AssertUploaded);
        Assert.All(items, i =>
        {
            var progress = i.FindElement(By.TagName("progress"));
            Assert.Equal(progress.GetDomProperty("max"), progress.GetDomProperty("value"));
            // Every bar is labelled with its file's name.
            Assert.Contains(i.FindElement(By.TagName("label")).Text, Fixtures);
        });
        Assert.Equal("Uploads finished: 3 uploaded.", fx.Driver.FindElement(By.Id("upload-status")).GetDomProperty("textContent"));

        var ids = TileIds();
        Assert.Equal(3, ids.Count);
        WaitForTileImagesToLoad(3);
        Assert.All(TileImageSources(), src => Assert.Contains("/thumb.", src));
        // Served by the storage itself: the app for the embedded store, the gateway for S3.
        Assert.All(TileImageSources(), src => Assert.Equal(StorageAuthority(), new Uri(fx.BaseUrl, src).Authority));
        Assert.Equal(Fixtures.Order(), TileAlts().Order());
        Screenshot();

        fx.Driver.Navigate().Refresh();
        Assert.Equal(ids.Order(), TileIds().Order());
        WaitForTileImagesToLoad(3);
        Assert.All(TileImageSources(), src => Assert.Contains("/thumb.", src));
    }

    [Fact]
    public async Task APhotoTakenLongAgo_AppearsUnderJustUploaded_Selectable_ThenInItsMonthAfterReload()
    {
        var email = fx.SignUp();
        // Two images from today: the page opens with this month's heading.
        await ImageSeeder.SeedRecordsAsync(fx.Factory, await ImageSeeder.UserIdAsync(fx.Factory, email), 2);
        fx.Open("/");
        using var dir = new TempDir();
        ChooseFiles([dir.Write("old.jpg", ExifJpeg.Write(TestImages.Jpeg, takenAt: "2019:07:14 09:41:05"))]);
        AssertUploaded(WaitForUploadsToSettle(1).Single());

        var grid = GridItems();
        var uploaded = grid[1].Id;
        Assert.Equal(("Just uploaded", null), (grid[0].Heading, grid[0].Id));
        Assert.Null(grid[1].Heading);
        Assert.Equal(DateTime.UtcNow.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture), grid[2].Heading);
        Assert.Equal(5, grid.Count);
        // For looking at (the README's screenshots step): desktop and phone widths.
        foreach (var width in new[] { 1280, 390 })
        {
            fx.Driver.Manage().Window.Size = new System.Drawing.Size(width, 900);
            fx.Driver.GetScreenshot().SaveAsFile(Path.Combine(Path.GetTempPath(), $"just-uploaded-{backend}-{width}.png"));
        }
        fx.Driver.Manage().Window.Size = new System.Drawing.Size(1280, 900);
        // It can be selected at once, like the page's own tiles.
        fx.Driver.FindElement(By.CssSelector("[data-selection-toggle]")).Click();
        fx.Driver.FindElement(By.CssSelector($"li.tile[data-image-id='{uploaded}'] .tile-link")).Click();
        Assert.Equal("1 selected", fx.Driver.FindElement(By.CssSelector("[data-selection-count]")).Text);

        fx.Driver.Navigate().GoToUrl(new Uri(fx.BaseUrl, "/"));
        grid = GridItems();
        Assert.Equal(("July 2019", uploaded), (grid[^2].Heading, grid[^1].Id));
        Assert.DoesNotContain(grid, g => g.Heading == "Just uploaded");
    }

    // The grid's items in order: a month heading (its text) or a tile (its id).
    private List<(string? Heading, string? Id)> GridItems() =>
        fx.Driver.FindElements(By.CssSelector("#gallery-grid > li")).Select(li =>
            li.GetDomAttribute("class")!.Contains("gallery-month") ? (li.Text, (string?)null) : ((string?)null, li.GetDomAttribute("data-image-id"))).ToList();

    [Fact]
    public void ATooLargeWrongTypeOrRenamedFile_GetsAPlainMessage_AndIsNeverSent()
    {
        var email = fx.SignUp();
        fx.Open("/");
        // Past the single-POST limit a file goes up in parts: the larger limit is the one met.
        var maxBytes = fx.Factory.Services.GetRequiredService<IOptions<UploadOptions>>().Value.MaxMultipartBytes;
        using var dir = new TempDir();
        var tooLarge = dir.Write("huge.jpg", JpegOfSize(maxBytes + 1));
        var svg = dir.Write("drawing.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8.ToArray());
        // The browser calls it image/jpeg from its name; its first bytes say otherwise.
        var renamed = dir.Write("notes.jpg", "Shopping list: milk, eggs, a better camera."u8.ToArray());

        ChooseFiles([tooLarge, svg, renamed]);

        var refused = fx.Browser.WaitFor(d => d.FindElements(By.CssSelector(".upload-item[data-state=refused]")) is { Count: 3 } r ? r : null,
            "all three files to be refused");
        var messages = refused.Select(r => r.FindElement(By.ClassName("upload-message")).Text).ToList();
        Assert.Contains($"huge.jpg is larger than the limit of {HumanSize.Format(maxBytes)}.", messages);
        Assert.Contains(messages, m => m.StartsWith("drawing.svg is not an image type the gallery accepts (JPEG, PNG, GIF, WebP, AVIF, HEIC or HEIF)"));
        Assert.Contains("notes.jpg is not really an image: its contents are not JPEG, PNG, GIF, WebP, AVIF, HEIC or HEIF.", messages);
        Assert.All(refused, r => Assert.False(r.FindElements(By.XPath(".//button[normalize-space()='Retry']")).Single().Displayed));
        Assert.All(refused, r => Assert.False(r.FindElement(By.TagName("progress")).Displayed));

        // A good file chosen afterwards goes through, so had the refused ones been sent
        // first, they would be recorded too.
        ChooseFiles([TestImages.PathOf("photo.jpg")]);
        var done = fx.Browser.WaitFor(d => d.FindElements(By.CssSelector(".upload-item[data-state=done], .upload-item[data-state=failed]"))
            is { Count: 1 } r ? r[0] : null, "the good file's upload to finish");
        AssertUploaded(done);
        Assert.Equal(["photo.jpg"], ImageFileNamesOf(email));
    }

    // The server's refusal of the request itself (here: wider than Uploads' pixel limit,
    // which only decoding reveals) will be the same on every retry, so none is offered.
    [Fact]
    public void APermanentRefusal_ShowsTheServersReason_AndOffersNoRetry()
    {
        var email = fx.SignUp();
        fx.Open("/");
        using var dir = new TempDir();
        var wide = dir.Write("panorama.png", TestImages.BlankPng(UploadRules.MaxPixels + 1, 1));

        ChooseFiles([wide]);

        var item = fx.Browser.WaitFor(d => d.FindElements(By.CssSelector(".upload-item[data-state=refused]")).FirstOrDefault(),
            "the server to refuse the upload");
        Assert.Contains("width must be between 1 and 100000", item.FindElement(By.ClassName("upload-message")).Text);
        Assert.False(item.FindElement(By.XPath(".//button[normalize-space()='Retry']")).Displayed);
        Assert.True(item.FindElement(By.XPath(".//button[normalize-space()='Dismiss']")).Displayed);
        Assert.Empty(ImageFileNamesOf(email));
    }

    [Fact]
    public void FilesDroppedOnTheZone_AreCheckedAndUploadedLikeChosenOnes()
    {
        fx.SignUp();
        fx.Open("/");

        // What a drag from the desktop delivers: a drop event whose DataTransfer holds files.
        fx.Browser.Script("""
            const zone = document.getElementById('drop-zone');
            const canvas = Object.assign(document.createElement('canvas'), { width: 64, height: 48 });
            const ctx = canvas.getContext('2d');
            ctx.fillStyle = '#3a7'; ctx.fillRect(0, 0, 64, 48);
            canvas.toBlob(png => {
                const dt = new DataTransfer();
                dt.items.add(new File([png], 'dropped.png', { type: 'image/png' }));
                dt.items.add(new File(['<p>hi</p>'], 'page.html', { type: 'text/html' }));
                zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
                zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
            }, 'image/png');
            """);

        var refused = fx.Browser.WaitFor(d => d.FindElements(By.CssSelector(".upload-item[data-state=refused]")).FirstOrDefault(), "the HTML file to be refused");
        Assert.StartsWith("page.html is not an image type the gallery accepts", refused.FindElement(By.ClassName("upload-message")).Text);
        var done = fx.Browser.WaitFor(d => d.FindElements(By.CssSelector(".upload-item[data-state=done], .upload-item[data-state=failed]")).FirstOrDefault(),
            "the dropped image's upload to finish");
        AssertUploaded(done);
        WaitForTileImagesToLoad(1);
        Assert.Equal(["dropped.png"], TileAlts());
    }

    private static void AssertUploaded(IWebElement item) =>
        Assert.True(item.GetDomAttribute("data-state") == "done",
            $"{item.FindElement(By.TagName("label")).Text}: {item.FindElement(By.ClassName("upload-message")).Text}");

    private void ChooseFiles(IEnumerable<string> paths) =>
        fx.Driver.FindElement(By.Id("upload-input")).SendKeys(string.Join("\n", paths));

    private IReadOnlyList<IWebElement> WaitForUploadsToSettle(int count) =>
        fx.Browser.WaitFor(d =>
        {
            var items = d.FindElements(By.CssSelector(".upload-item"));
            var settled = items.Count == count && items.All(i => i.GetDomAttribute("data-state") is "done" or "failed");
            return settled ? items : null;
        }, $"{count} uploads to finish");

    private List<string> TileIds() =>
        fx.Driver.FindElements(By.CssSelector("#gallery-grid > li.tile")).Select(t => t.GetDomAttribute("data-image-id")!).ToList();

    private List<string> TileImageSources() =>
        fx.Driver.FindElements(By.CssSelector("#gallery-grid > li.tile img")).Select(i => i.GetDomAttribute("src")!).ToList();

    private List<string> TileAlts() =>
        fx.Driver.FindElements(By.CssSelector("#gallery-grid > li.tile img")).Select(i => i.GetDomAttribute("alt")!).ToList();

    // Loaded from storage and decoded: naturalWidth is 0 for a broken or refused image.
    private void WaitForTileImagesToLoad(int count) =>
        fx.Browser.WaitFor(_ => fx.Browser.Script("""
            const imgs = Array.from(document.querySelectorAll('#gallery-grid > li.tile img'));
            return imgs.length === arguments[0] && imgs.every(i => i.complete && i.naturalWidth > 0);
            """, count) is true, $"{count} tile images to load");

    private string StorageAuthority()
    {
        var storage = fx.Factory.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        return storage.Provider == StorageProvider.S3 ? new Uri(storage.S3.ServiceUrl!).Authority : fx.BaseUrl.Authority;
    }

    private List<string> ImageFileNamesOf(string email)
    {
        var ownerId = ImageSeeder.UserIdAsync(fx.Factory, email).GetAwaiter().GetResult();
        using var scope = fx.Factory.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<GalleryDbContext>().Images
            .Where(i => i.OwnerId == ownerId).Select(i => i.FileName).ToList();
    }

    private void Screenshot()
    {
        var name = backend == "embedded" ? "gallery-shot.png" : $"gallery-shot-{backend}.png";
        fx.Driver.GetScreenshot().SaveAsFile(Path.Combine(Path.GetTempPath(), name));
    }

    private static byte[] JpegOfSize(long size)
    {
        var bytes = new byte[size];
        TestImages.Jpeg.CopyTo(bytes, 0);
        return bytes;
    }

    private sealed class TempDir : IDisposable
    {
        private readonly string _path = Directory.CreateTempSubdirectory("gallery-browser-").FullName;

        public string Write(string name, byte[] bytes)
        {
            var path = Path.Combine(_path, name);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        public void Dispose() => Directory.Delete(_path, recursive: true);
    }
}

[Collection("Browser")]
public sealed class EmbeddedUploadInBrowserTests(EmbeddedBrowserFixture fx)
    : UploadInBrowserTests(fx, "embedded"), IClassFixture<EmbeddedBrowserFixture>;

[Collection("Browser")]
public sealed class S3UploadInBrowserTests(S3BrowserFixture fx)
    : UploadInBrowserTests(fx, "s3"), IClassFixture<S3BrowserFixture>;
