using System.Security.Cryptography;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Tests.Uploads.Multipart;
using ImageGallery.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;

namespace ImageGallery.Tests.Browser;

// Large files through the real module (multipart.js) in Chromium, on each backend: parts
// of 5 MiB (BrowserFixture), a file a little over two parts.
public abstract class MultipartInBrowserTests(BrowserFixture fx)
{
    // Watches the page's part PUTs: which part numbers were sent and stored, the progress
    // bar's values, how often the page decoded an image, and (when told) fails a part's first attempt as a dropped connection
    // would, or holds parts back as a slow network would.
    private const string Spy = """
        const failOnce = new Set(arguments[0]), hold = new Set(arguments[1]);
        window.__puts = []; window.__stored = []; window.__progress = [];
        const partOf = url => Number((/[?&]partNumber=(\d+)/.exec(url) ?? /\/storage\/parts\/[^/]+\/(\d+)\?/.exec(url) ?? [])[1]);
        window.__xhr ??= { open: XMLHttpRequest.prototype.open, send: XMLHttpRequest.prototype.send };
        const { open, send } = window.__xhr;
        XMLHttpRequest.prototype.open = function (method, url) { this.__part = method === 'PUT' ? partOf(url) : 0; return open.apply(this, arguments); };
        XMLHttpRequest.prototype.send = function () {
            const n = this.__part;
            if (!n) return send.apply(this, arguments);
            if (hold.has(n)) { this.abort = () => this.dispatchEvent(new ProgressEvent('abort')); return; }
            window.__puts.push(n);
            if (failOnce.delete(n)) { setTimeout(() => this.dispatchEvent(new ProgressEvent('error'))); return; }
            this.addEventListener('load', () => { if (this.status === 200) window.__stored.push(n); });
            return send.apply(this, arguments);
        };
        window.__decodes = 0;
        window.__decode ??= window.createImageBitmap;
        window.createImageBitmap = function () { window.__decodes++; return window.__decode.apply(this, arguments); };
        clearInterval(window.__sampler);
        window.__sampler = setInterval(() => document.querySelectorAll('#upload-queue progress').forEach(p => window.__progress.push(p.value)), 20);
        """;

    [Fact]
    public void ALargeFile_GoesUpInParts_WithOneBarTo100_APartThatFailsOnceIsRetried_AndTheTileIsAPlaceholder()
    {
        var email = fx.SignUp();
        fx.Open("/");
        // A PNG's signature, then noise: storage's check passes, no browser can decode it.
        using var dir = new TempFile(MultipartApi.LargeFile(TestImages.Png[..8]), "large.png");
        fx.Browser.Script(Spy, new[] { 2 }, Array.Empty<int>());

        ChooseFile(dir.Path);

        var item = WaitForSettled();
        Assert.True(item.GetDomAttribute("data-state") == "done", fx.Browser.Diagnostics());
        Assert.Single(fx.Driver.FindElements(By.CssSelector("#upload-queue progress")));
        Assert.Equal(2, Puts().Count(n => n == 2));
        Assert.Equal([1, 2, 3], Stored().Order());
        var progress = Progress();
        Assert.Equal(100, progress[^1]);
        Assert.Contains(progress, p => p is > 0 and < 100);
        Assert.Equal(progress.Order(), progress);
        var tile = fx.Browser.WaitFor(d => d.FindElements(By.CssSelector("#gallery-grid > li.tile")).FirstOrDefault(), "the tile");
        Assert.Contains("No preview", tile.FindElement(By.ClassName("tile-placeholder")).GetDomProperty("textContent"));
        Assert.Empty(tile.FindElements(By.TagName("img")));
        // Its header is no PNG's (no IHDR chunk first): the page never read the whole file
        // into a decoder only to fail.
        Assert.Equal(0L, Convert.ToInt64(fx.Browser.Script("return window.__decodes;")));
        AssertStored(email, dir.Bytes);
        fx.Driver.GetScreenshot().SaveAsFile(Path.Combine(Path.GetTempPath(), $"multipart-{GetType().Name}.png"));
    }

    [Fact]
    public void AnInterruptedLargeUpload_IsOfferedAfterAReload_AndResumesSendingOnlyTheMissingParts()
    {
        var email = fx.SignUp();
        fx.Open("/");
        using var dir = new TempFile(MultipartApi.LargeJpeg());
        fx.Browser.Script(Spy, Array.Empty<int>(), new[] { 2, 3 });
        ChooseFile(dir.Path);
        fx.Browser.WaitFor(_ => Stored().Contains(1), "part 1 to be stored");

        fx.Driver.Navigate().Refresh();

        var offer = fx.Browser.WaitFor(d => d.FindElements(By.CssSelector(".upload-item[data-state=interrupted]")).FirstOrDefault(), "the resume offer");
        Assert.Contains("Choose large.jpg again to resume it", offer.FindElement(By.ClassName("upload-message")).Text);
        fx.Browser.Script(Spy, Array.Empty<int>(), Array.Empty<int>());
        ChooseFile(dir.Path);

        var item = WaitForSettled();
        Assert.True(item.GetDomAttribute("data-state") == "done", fx.Browser.Diagnostics());
        Assert.Equal([2, 3], Puts().Order());
        Assert.Single(fx.Driver.FindElements(By.CssSelector("#upload-queue .upload-item")));
        // A JPEG's header then noise decodes (as damaged JPEGs do): its thumbnail, made while
        // the parts went up and declared again on the resume, is on the tile.
        fx.Browser.WaitFor(d => d.FindElements(By.CssSelector("#gallery-grid > li.tile img")).FirstOrDefault()
            ?.GetDomAttribute("src")?.Contains("/thumb.") == true, "the tile's thumbnail");
        AssertStored(email, dir.Bytes);
        Assert.Equal("[]", fx.Browser.Script("return localStorage.getItem('gallery.unfinishedUploads');"));
    }

    [Fact]
    public void ALargeUpload_CanBePausedAndResumed_AndCancellingAnotherAbortsIt()
    {
        var email = fx.SignUp();
        fx.Open("/");
        using var first = new TempFile(MultipartApi.LargeJpeg());
        fx.Browser.Script(Spy, Array.Empty<int>(), new[] { 3 });
        ChooseFile(first.Path);
        fx.Browser.WaitFor(_ => Stored().Count == 2, "parts 1 and 2 to be stored");

        var item = fx.Driver.FindElement(By.CssSelector(".upload-item"));
        item.FindElement(By.XPath(".//button[normalize-space()='Pause']")).Click();
        fx.Browser.WaitFor(_ => item.GetDomAttribute("data-state") == "paused" ? item : null, "the upload to pause");
        fx.Browser.Script(Spy, Array.Empty<int>(), Array.Empty<int>());
        item.FindElement(By.XPath(".//button[normalize-space()='Resume']")).Click();
        Assert.True(WaitForSettled().GetDomAttribute("data-state") == "done", fx.Browser.Diagnostics());
        Assert.Equal([3], Puts());
        AssertStored(email, first.Bytes);

        using var second = new TempFile(MultipartApi.LargeJpeg(), "second.jpg");
        fx.Browser.Script(Spy, Array.Empty<int>(), new[] { 2, 3 });
        ChooseFile(second.Path);
        fx.Browser.WaitFor(_ => Stored().Contains(1), "part 1 of the second file to be stored");
        var pendingId = Images(email).Single(i => i.Status == ImageStatus.Pending).PublicId;
        fx.Driver.FindElement(By.CssSelector(".upload-item[data-state=working]"))
            .FindElement(By.XPath(".//button[normalize-space()='Cancel']")).Click();

        fx.Browser.WaitFor(_ => Images(email).All(i => i.PublicId != pendingId), "the cancelled upload's record to go");
        Assert.Single(Images(email));
    }

    private void ChooseFile(string path) => fx.Driver.FindElement(By.Id("upload-input")).SendKeys(path);

    private IWebElement WaitForSettled() => fx.Browser.WaitFor(d =>
        d.FindElements(By.CssSelector(".upload-item[data-state=done], .upload-item[data-state=failed]")).FirstOrDefault(), "the upload to finish");

    private List<long> Puts() => ((IEnumerable<object>)fx.Browser.Script("return window.__puts;")!).Select(Convert.ToInt64).ToList();
    private List<long> Stored() => ((IEnumerable<object>)fx.Browser.Script("return window.__stored;")!).Select(Convert.ToInt64).ToList();
    private List<long> Progress() => ((IEnumerable<object>)fx.Browser.Script("return window.__progress;")!).Select(Convert.ToInt64).ToList();

    private List<Image> Images(string email)
    {
        var ownerId = ImageSeeder.UserIdAsync(fx.Factory, email).GetAwaiter().GetResult();
        using var scope = fx.Factory.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<GalleryDbContext>().Images.AsNoTracking().Where(i => i.OwnerId == ownerId).ToList();
    }

    // Verified, and storage holds exactly the file's bytes at the permanent key.
    private void AssertStored(string email, byte[] bytes)
    {
        var image = Assert.Single(Images(email), i => i.Size == bytes.Length && i.Status == ImageStatus.AwaitingReview);
        using var app = fx.CreateHttpClient();
        var stored = MultipartApi.ReadAllAsync(fx.Factory, app, image.ObjectKey).GetAwaiter().GetResult();
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(stored));
    }

    private sealed class TempFile : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("gallery-multipart-").FullName;

        public TempFile(byte[] bytes, string name = "large.jpg")
        {
            Bytes = bytes;
            Path = System.IO.Path.Combine(_dir, name);
            File.WriteAllBytes(Path, bytes);
        }

        public byte[] Bytes { get; }
        public string Path { get; }

        public void Dispose() => Directory.Delete(_dir, recursive: true);
    }
}

[Collection("Browser")]
public sealed class EmbeddedMultipartInBrowserTests(EmbeddedBrowserFixture fx)
    : MultipartInBrowserTests(fx), IClassFixture<EmbeddedBrowserFixture>;

[Collection("Browser")]
public sealed class S3MultipartInBrowserTests(S3BrowserFixture fx)
    : MultipartInBrowserTests(fx), IClassFixture<S3BrowserFixture>;
