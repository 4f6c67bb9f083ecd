using System.Text.RegularExpressions;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;

namespace ImageGallery.Tests.Browser;

// An iPhone photo (HEIC) chosen in Chromium, which cannot decode HEIC itself: decode.js
// falls back to libheif in WebAssembly (under the strict CSP), the thumbnail is made from
// its pixels and uploaded, and the tile shows it. A JPEG never brings libheif in.
public abstract partial class HeicInBrowserTests(BrowserFixture fx)
{
    [Fact]
    public void AHeicChosenInChromium_GetsAThumbnailDecodedByLibheif_ThatTheTileShows()
    {
        var email = fx.SignUp();
        fx.Open("/");
        ListenForCspViolations();

        Choose("photo.heic");

        var item = WaitForUpload();
        Assert.True(item.GetDomAttribute("data-state") == "done", item.Text + fx.Browser.Diagnostics());
        // Decoded in the worker, started by its fingerprinted URL: libheif never ran on the
        // page's own thread, so the page stayed responsive while it decoded.
        Assert.Contains(Fetched(), url => HeifWorker().IsMatch(url));
        Assert.Equal("undefined", fx.Browser.Script("return typeof window.libheif;"));
        Assert.Equal(0L, fx.Browser.Script("return document.querySelectorAll('script[src*=libheif]').length;"));
        var (width, height) = WaitForTileImage();
        // The thumbnail keeps the photo's 4:3 shape: the pixels came out whole, the right way round.
        Assert.True(width > 0 && Math.Abs(width * 3 - height * 4) <= 4, $"{width}x{height}");
        Assert.Contains("/thumb.", fx.Driver.FindElement(By.CssSelector("#gallery-grid > li.tile img")).GetDomAttribute("src"));
        Assert.Empty(Violations());

        var image = ImageOf(email);
        Assert.Equal(("image/heic", 640, 480), (image.ContentType, image.Width, image.Height));
        Assert.Contains(image.ThumbnailContentType, new[] { "image/webp", "image/jpeg" });
        var stored = Stored(image.ThumbnailKey!);
        Assert.True(stored is { Size: > 0 }, $"no thumbnail stored at {image.ThumbnailKey}");
        Assert.Equal(image.ThumbnailContentType, stored!.ContentType);
        Assert.Equal(TestImages.Heic.Length, Stored(image.ObjectKey)!.Size);
        // exifr read the HEIC's EXIF too.
        Assert.Equal(new DateTime(2023, 5, 6, 7, 8, 9), image.TakenAt);
    }

    // A HEIC libheif cannot decode (here: a valid ftyp box and nothing after it) goes up
    // without a thumbnail, and its tile says so, rather than pointing at the original.
    [Fact]
    public void AHeicThatCannotBeDecoded_UploadsWithoutAThumbnail_AndItsTileShowsThePlaceholder()
    {
        var email = fx.SignUp();
        fx.Open("/");
        var path = Path.Combine(Directory.CreateTempSubdirectory("gallery-heic-").FullName, "IMG_0005.HEIC");
        File.WriteAllBytes(path, [.. new byte[] { 0, 0, 0, 0x18 }, .. "ftypheic\0\0\0\0mif1heic"u8, .. new byte[4000]]);

        fx.Driver.FindElement(By.Id("upload-input")).SendKeys(path);

        Assert.Equal("done", WaitForUpload().GetDomAttribute("data-state"));
        Assert.Contains(Fetched(), url => HeifWorker().IsMatch(url));
        var image = ImageOf(email);
        Assert.Null(image.ThumbnailKey);
        fx.Open("/");
        var tile = fx.Driver.FindElement(By.CssSelector($"#gallery-grid > li.tile[data-image-id='{image.PublicId}']"));
        Assert.Empty(tile.FindElements(By.TagName("img")));
        Assert.Contains("No preview", tile.FindElement(By.ClassName("tile-placeholder")).GetDomProperty("textContent"));
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public void AJpegChosen_NeverFetchesLibheif()
    {
        fx.SignUp();
        fx.Open("/");

        Choose("photo.jpg");

        Assert.Equal("done", WaitForUpload().GetDomAttribute("data-state"));
        WaitForTileImage();
        Assert.NotEmpty(Fetched());
        Assert.DoesNotContain(Fetched(), url => url.Contains("libheif", StringComparison.Ordinal) || HeifModule().IsMatch(url) ||
                                                HeifWorker().IsMatch(url));
        Assert.Equal(0L, fx.Browser.Script("return document.querySelectorAll('script[src*=libheif]').length;"));
    }

    private void Choose(string fixture) =>
        fx.Driver.FindElement(By.Id("upload-input")).SendKeys(TestImages.PathOf(fixture));

    private IWebElement WaitForUpload() =>
        fx.Browser.WaitFor(d => d.FindElements(By.CssSelector(".upload-item[data-state=done], .upload-item[data-state=failed]"))
            is { Count: 1 } items ? items[0] : null, "the upload to finish");

    // Loaded and decoded: naturalWidth is 0 for a broken image.
    private (long Width, long Height) WaitForTileImage()
    {
        var size = fx.Browser.WaitFor(_ => fx.Browser.Script("""
            const img = document.querySelector('#gallery-grid > li.tile img');
            return img && img.complete && img.naturalWidth > 0 ? [img.naturalWidth, img.naturalHeight] : null;
            """) as IReadOnlyList<object>, "the tile's image to load");
        return ((long)size[0], (long)size[1]);
    }

    // The decoder's worker by its fingerprinted URL (cached for good), as the uploader names it.
    [GeneratedRegex(@"/js/heif-worker\.[a-z0-9]+\.js$")]
    private static partial Regex HeifWorker();

    [GeneratedRegex(@"/js/heif(\.[a-z0-9]+)?\.js$")]
    private static partial Regex HeifModule();

    private List<string> Fetched() =>
        ((IReadOnlyList<object>)fx.Browser.Script("return performance.getEntriesByType('resource').map(e => e.name);")!)
        .Cast<string>().ToList();

    private void ListenForCspViolations() => fx.Browser.Script("""
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', e => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
        """);

    private List<object> Violations() => ((IReadOnlyList<object>)fx.Browser.Script("return window.__csp;")!).ToList();

    private Image ImageOf(string email)
    {
        var ownerId = ImageSeeder.UserIdAsync(fx.Factory, email).GetAwaiter().GetResult();
        using var scope = fx.Factory.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<GalleryDbContext>().Images.AsNoTracking().Single(i => i.OwnerId == ownerId);
    }

    private StoredObject? Stored(string key) =>
        fx.Factory.Services.GetRequiredService<IObjectStore>().GetInfoAsync(key, CancellationToken.None).GetAwaiter().GetResult();
}

[Collection("Browser")]
public sealed class EmbeddedHeicInBrowserTests(EmbeddedBrowserFixture fx) : HeicInBrowserTests(fx), IClassFixture<EmbeddedBrowserFixture>;

[Collection("Browser")]
public sealed class S3HeicInBrowserTests(S3BrowserFixture fx) : HeicInBrowserTests(fx), IClassFixture<S3BrowserFixture>;
