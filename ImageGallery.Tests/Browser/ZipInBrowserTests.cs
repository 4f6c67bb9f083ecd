using System.IO.Compression;
using System.Security.Cryptography;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Albums;
using ImageGallery.Web.Data;
using ImageGallery.Web.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;

namespace ImageGallery.Tests.Browser;

// The ZIP download at its limits, through the album page and zip-download.js in Chromium
// on the embedded backend: 500 images in one ZIP, the refusal when a browser that cannot
// stream to disk would need more memory than Gallery:ZipMemoryLimitBytes, and Cancel.
public sealed class ZipInBrowserTests(ZipBrowserFixture fx) : IClassFixture<ZipBrowserFixture>
{
    [Fact]
    public async Task AlbumOf500_DownloadsAsOneZipOf500Entries_EachByteForByteAnOriginal()
    {
        var (album, _, originals) = await SeedAlbumAsync(500);
        var downloads = Downloads();
        try
        {
            fx.Open($"/albums/{album}");
            NoFilePicker();
            fx.Driver.FindElement(By.CssSelector("[data-zip-album]")).Click();
            var zip = fx.Browser.WaitFor(_ => Directory.GetFiles(downloads, "*.zip").FirstOrDefault(), "the finished ZIP");
            Assert.Contains("Downloaded 500 images", Message());

            using var archive = ZipFile.OpenRead(zip);
            Assert.Equal(500, archive.Entries.Count);
            Assert.Equal(500, archive.Entries.Select(e => e.FullName).Distinct().Count());
            var hashes = archive.Entries.Select(e =>
            {
                using var stream = e.Open();
                return Convert.ToHexString(SHA256.HashData(stream));
            }).Order().ToList();
            Assert.Equal(originals.Select(o => Convert.ToHexString(SHA256.HashData(o))).Order(), hashes);
        }
        finally
        {
            Directory.Delete(downloads, recursive: true);
        }
    }

    [Fact]
    public async Task WithoutStreamingToDisk_OverTheMemoryLimit_SaysTheLimit_AndDownloadsNothing()
    {
        // Three images the app says are 1.5 MiB each: 4.5 MiB, over this fixture's 3 MiB limit.
        var (album, ids, _) = await SeedAlbumAsync(3);
        await using (var scope = fx.Factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<GalleryDbContext>().Images
                .Where(i => ids.Contains(i.PublicId)).ExecuteUpdateAsync(s => s.SetProperty(i => i.Size, 1_572_864));
        var downloads = Downloads();
        try
        {
            fx.Open($"/albums/{album}");
            NoFilePicker();
            fx.Driver.FindElement(By.CssSelector("[data-zip-album]")).Click();
            fx.Browser.WaitFor(_ => Message().Contains("at most"), "the refusal");
            Assert.Equal("This browser cannot write the ZIP straight to disk, so it must hold all of it in memory: at most 3 MB. " +
                         "These 3 images are 4.5 MB; download fewer at a time.", Message());
            Assert.False(fx.Driver.FindElement(By.CssSelector("[data-zip-progress]")).Displayed);
            await Task.Delay(500);
            Assert.Empty(Directory.GetFiles(downloads));
        }
        finally
        {
            Directory.Delete(downloads, recursive: true);
        }
    }

    [Fact]
    public async Task Cancel_MidWay_StopsFetching_AndLeavesNoDownload()
    {
        var (album, _, _) = await SeedAlbumAsync(6);
        var downloads = Downloads();
        try
        {
            fx.Open($"/albums/{album}");
            NoFilePicker();
            // Slow storage: the third original's answer waits until the fetch is aborted.
            fx.Browser.Script("""
                window.__fetched = 0;
                const real = window.fetch;
                window.fetch = (url, init) => {
                    if (!String(url).includes('/storage/')) return real(url, init);
                    window.__fetched++;
                    if (window.__fetched < 3) return real(url, init);
                    return new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))));
                };
                """);
            fx.Driver.FindElement(By.CssSelector("[data-zip-album]")).Click();
            var cancel = fx.Browser.WaitFor(d => d.FindElements(By.CssSelector("[data-zip-cancel]")).FirstOrDefault(b => b.Displayed), "the Cancel button");
            fx.Browser.WaitFor(_ => Convert.ToInt32(fx.Browser.Script("return window.__fetched")) == 3, "the third fetch under way");
            cancel.Click();
            fx.Browser.WaitFor(_ => Message() == "Download cancelled.", "the cancelled message");
            Assert.False(fx.Driver.FindElement(By.CssSelector("[data-zip-progress]")).Displayed);
            await Task.Delay(1000);
            Assert.Equal(3, Convert.ToInt32(fx.Browser.Script("return window.__fetched")));
            Assert.Empty(Directory.GetFiles(downloads));
        }
        finally
        {
            Directory.Delete(downloads, recursive: true);
        }
    }

    // A person with `count` stored images, each a distinct JPEG of the same length, all in
    // one album: records in one insert, objects through the store's own signed forms, 8 at a time.
    private async Task<(Guid Album, List<Guid> Ids, List<byte[]> Originals)> SeedAlbumAsync(int count)
    {
        var email = fx.SignUp();
        var ownerId = await ImageSeeder.UserIdAsync(fx.Factory, email);
        var ids = await ImageSeeder.SeedRecordsAsync(fx.Factory, ownerId, count, withThumbnail: false);
        await using var scope = fx.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<IObjectStore>();
        var keys = await db.Images.Where(i => ids.Contains(i.PublicId)).ToDictionaryAsync(i => i.PublicId, i => i.ObjectKey);
        var originals = ids.Select((_, n) =>
        {
            var bytes = TestImages.Jpeg;
            // The JFIF header's horizontal density: a harmless field that makes each file distinct.
            bytes[14] = (byte)(n >> 8);
            bytes[15] = (byte)n;
            return bytes;
        }).ToList();
        using var http = fx.CreateHttpClient();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (n, _) => await ImageSeeder.PutAsync(store, http, keys[ids[n]], "image/jpeg", originals[n]));
        var albums = scope.ServiceProvider.GetRequiredService<AlbumService>();
        var album = await albums.CreateAsync(ownerId, "Everything", CancellationToken.None);
        foreach (var chunk in ids.Chunk(500)) await albums.AddAsync(ownerId, album.Id, chunk, CancellationToken.None);
        return (album.Id, ids, originals);
    }

    // Headless Chromium has the File System Access API but no one to answer its save
    // dialog: take the path of a browser without it (the ZIP built in memory, then saved).
    private void NoFilePicker() => fx.Browser.Script("Object.defineProperty(window, 'showSaveFilePicker', { value: undefined });");

    private string Downloads()
    {
        var dir = Directory.CreateTempSubdirectory("gallery-zip-").FullName;
        fx.Driver.ExecuteCdpCommand("Browser.setDownloadBehavior", new Dictionary<string, object?>
        {
            ["behavior"] = "allow", ["downloadPath"] = dir, ["eventsEnabled"] = false,
        });
        return dir;
    }

    private string Message() => fx.Driver.FindElements(By.CssSelector(".selection-message")).FirstOrDefault()?.Text ?? "";
}

// Embedded storage, with an in-memory ZIP limit of 3 MiB: 500 small images fit, a few "large" ones do not.
public sealed class ZipBrowserFixture() : BrowserFixture(_ => new GalleryFactory().With("Gallery:ZipMemoryLimitBytes", "3145728"));
