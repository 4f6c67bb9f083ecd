using System.Drawing;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;

namespace ImageGallery.Tests.Browser;

// A large photo chosen in the real uploader gets a browser-made display copy (thumbnail.js,
// one decode for both copies), and the image page loads that copy, not the original.
public abstract class DisplayCopyInBrowserTests(BrowserFixture fx, string backend)
{
    [Fact]
    public void LargeJpegs_GetDisplayCopies_AndTheImagePageLoadsOneRatherThanTheOriginal_AndFetchesTheNextOneAhead()
    {
        fx.Driver.Manage().Window.Size = new Size(1280, 900);
        var email = fx.SignUp();
        fx.Open("/");
        var dir = Directory.CreateTempSubdirectory("gallery-display-").FullName;
        var paths = new[] { "big.jpg", "bigger.jpg" }.Select(name => Path.Combine(dir, name)).ToList();
        paths.ForEach(path => File.WriteAllBytes(path, BrowserJpeg(fx.Browser, 4000, 3000)));

        fx.Driver.FindElement(By.Id("upload-input")).SendKeys(string.Join("\n", paths));
        var items = fx.Browser.WaitFor(d => d.FindElements(By.CssSelector(".upload-item[data-state=done], .upload-item[data-state=failed]"))
            is { Count: 2 } r ? r : null, "the uploads to finish", seconds: 120);
        Assert.All(items, item => Assert.True(item.GetDomAttribute("data-state") == "done", item.Text));

        var images = ImagesOf(email);
        Assert.All(images, image =>
        {
            Assert.Equal((4000, 3000), (image.Width, image.Height));
            Assert.Equal(2048, image.DisplayWidth);
            Assert.Contains(image.DisplayContentType, new[] { "image/webp", "image/jpeg" });
            Assert.True(image.DisplaySize < image.Size, $"display copy {image.DisplaySize} bytes, original {image.Size}");
        });

        fx.Open("/");
        var first = fx.Driver.FindElement(By.CssSelector("#gallery-grid > li.tile")).GetDomAttribute("data-image-id");
        fx.Open($"/images/{first}");
        var currentSrc = fx.Browser.WaitFor(_ => fx.Browser.Script("""
            const img = document.querySelector('main img[data-fresh-url=view]');
            return img && img.complete && img.naturalWidth > 0 ? img.currentSrc : null;
            """) as string, "the image to load");
        Assert.Contains($"/{first}/display.", currentSrc);
        // The next image's display copy is fetched ahead; no original is ever fetched.
        var next = images.Single(i => i.PublicId.ToString() != first).PublicId;
        var fetched = fx.Browser.WaitFor(_ => ((IEnumerable<object>)fx.Browser.Script(
            "return performance.getEntriesByType('resource').map(e => e.name);")!).Cast<string>().ToList() is var names
            && names.Any(n => n.Contains($"/{next}/display.")) ? names : null, "the next display copy to be fetched ahead");
        Assert.DoesNotContain(fetched, n => n.Contains("/original."));
        fx.Driver.GetScreenshot().SaveAsFile(Path.Combine(Path.GetTempPath(), $"display-copy-{backend}-1280.png"));

        // A phone: srcset still never picks the original (a 1x screen may take the thumbnail).
        fx.Driver.Manage().Window.Size = new Size(390, 844);
        fx.Driver.Navigate().Refresh();
        var phoneSrc = fx.Browser.WaitFor(_ => fx.Browser.Script("""
            const img = document.querySelector('main img[data-fresh-url=view]');
            return img && img.complete && img.naturalWidth > 0 ? img.currentSrc : null;
            """) as string, "the image to load on a phone");
        Assert.DoesNotContain("/original.", phoneSrc);
        fx.Driver.GetScreenshot().SaveAsFile(Path.Combine(Path.GetTempPath(), $"display-copy-{backend}-390.png"));
        fx.Driver.Manage().Window.Size = new Size(1280, 900);

        // The review queue shows what is served at display size, not the 4000 px originals.
        fx.SignUpAdmin();
        fx.Open($"/Admin?status=awaiting&user={Uri.EscapeDataString(email)}");
        var queued = fx.Browser.WaitFor(_ => fx.Browser.Script("""
            const imgs = [...document.querySelectorAll('img.queue-original')];
            return imgs.length === 2 && imgs.every(i => i.complete && i.naturalWidth > 0) ? imgs.map(i => i.currentSrc) : null;
            """) as IEnumerable<object>, "the queue's pictures to load");
        Assert.All(queued.Cast<string>(), src => Assert.Contains("/display.", src));
        fx.Driver.GetScreenshot().SaveAsFile(Path.Combine(Path.GetTempPath(), $"display-copy-{backend}-queue-1280.png"));
    }

    private List<ImageGallery.Web.Data.Image> ImagesOf(string email)
    {
        var ownerId = ImageSeeder.UserIdAsync(fx.Factory, email).GetAwaiter().GetResult();
        using var scope = fx.Factory.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<GalleryDbContext>().Images.AsNoTracking().Where(i => i.OwnerId == ownerId).ToList();
    }

    // A photo-like JPEG made by the browser itself (gradients, shapes and fine noise on a
    // canvas), so the test needs no image library.
    internal static byte[] BrowserJpeg(ChromeBrowser browser, int width, int height, double quality = 0.92)
    {
        var dataUrl = (string)browser.Driver.ExecuteAsyncScript("""
            const [w, h, q, done] = arguments;
            const canvas = document.createElement('canvas');
            canvas.width = w; canvas.height = h;
            const ctx = canvas.getContext('2d');
            const g = ctx.createLinearGradient(0, 0, w, h);
            g.addColorStop(0, '#3a6ea5'); g.addColorStop(0.5, '#f2c14e'); g.addColorStop(1, '#2b7a3d');
            ctx.fillStyle = g; ctx.fillRect(0, 0, w, h);
            for (let i = 0; i < 200; i++) {
                ctx.fillStyle = `hsl(${(i * 37) % 360} 60% 50% / .5)`;
                ctx.beginPath(); ctx.arc((i * 7919) % w, (i * 104729) % h, 20 + (i * 13) % 300, 0, 2 * Math.PI); ctx.fill();
            }
            const tile = ctx.createImageData(256, 256);
            for (let i = 0; i < tile.data.length; i += 4) {
                const n = (Math.random() - .5) * 40;
                tile.data[i] = tile.data[i + 1] = tile.data[i + 2] = 128 + n; tile.data[i + 3] = 24;
            }
            createImageBitmap(tile).then(noise => {
                for (let y = 0; y < h; y += 256) for (let x = 0; x < w; x += 256) ctx.drawImage(noise, x, y);
                done(canvas.toDataURL('image/jpeg', q));
            });
            """, width, height, quality)!;
        return Convert.FromBase64String(dataUrl[(dataUrl.IndexOf(',') + 1)..]);
    }
}

[Collection("Browser")]
public sealed class EmbeddedDisplayCopyInBrowserTests(EmbeddedBrowserFixture fx)
    : DisplayCopyInBrowserTests(fx, "embedded"), IClassFixture<EmbeddedBrowserFixture>;

[Collection("Browser")]
public sealed class S3DisplayCopyInBrowserTests(S3BrowserFixture fx)
    : DisplayCopyInBrowserTests(fx, "s3"), IClassFixture<S3BrowserFixture>;
