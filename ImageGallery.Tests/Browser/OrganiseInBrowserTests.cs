using System.IO.Compression;
using ImageGallery.Tests.Infrastructure;
using OpenQA.Selenium;

namespace ImageGallery.Tests.Browser;

// Selection, albums, trash with undo and the ZIP download in a real browser, through
// selection.js and zip-download.js, on each backend.
public abstract class OrganiseInBrowserTests(BrowserFixture fx)
{
    [Fact]
    public async Task ShiftSelectFive_AddToANewAlbum_TrashTwoUndoOne_RestoreTheOther_DownloadTheAlbumAsAZipOfTheOriginals()
    {
        var email = fx.SignUp();
        var ownerId = await ImageSeeder.UserIdAsync(fx.Factory, email);
        using (var http = fx.CreateHttpClient())
            for (var i = 0; i < 5; i++) await ImageSeeder.SeedStoredAsync(fx.Factory, http, ownerId);

        fx.Open("/");
        fx.Driver.FindElement(By.CssSelector("[data-selection-toggle]")).Click();
        var boxes = fx.Driver.FindElements(By.CssSelector("#gallery-grid input.tile-check"));
        Assert.Equal(5, boxes.Count);
        boxes[0].Click();
        new OpenQA.Selenium.Interactions.Actions(fx.Driver).KeyDown(Keys.Shift).Click(boxes[4]).KeyUp(Keys.Shift).Perform();
        Assert.Equal("5 selected", Count());
        Screenshots("organise-select");

        fx.Driver.FindElement(By.CssSelector(".selection-album > summary")).Click();
        fx.Driver.FindElement(By.Id("selection-new-album")).SendKeys("Holiday");
        fx.Driver.FindElement(By.CssSelector("button[data-action=add]")).Click();
        fx.Browser.WaitFor(d => d.FindElements(By.CssSelector(".alert[role=status]")).FirstOrDefault()?.Text.Contains("5 images added") == true, "the added message");

        fx.Driver.FindElement(By.LinkText("Albums")).Click();
        fx.Driver.FindElement(By.CssSelector("li.album-tile a.album-name")).Click();
        var albumUrl = fx.Driver.Url;
        Assert.Equal(5, Tiles().Count);
        var first = Tiles()[0];
        var second = Tiles()[1];

        // Two moves to the trash, one after the other; Undo takes back the last.
        TrashOne(first);
        TrashOne(second);
        Assert.Equal(3, Tiles().Count);
        fx.Driver.FindElement(By.XPath("//div[contains(@class,'selection-message')]//button[normalize-space()='Undo']")).Click();
        fx.Browser.WaitFor(d => Tiles().Count == 4, "the undone image back in the album");
        Assert.Contains(second, Tiles());

        fx.Driver.FindElement(By.LinkText("Trash")).Click();
        var item = fx.Driver.FindElement(By.CssSelector($"li.trash-item[data-image-id='{first}']"));
        Assert.Contains("days left", item.Text);
        Screenshots("organise-trash");
        item.FindElement(By.CssSelector("form.trash-restore button")).Click();
        fx.Browser.WaitFor(d => d.FindElements(By.CssSelector("li.trash-item")).Count == 0, "an empty trash");

        var downloads = Directory.CreateTempSubdirectory("gallery-zip-").FullName;
        try
        {
            fx.Driver.ExecuteCdpCommand("Browser.setDownloadBehavior", new Dictionary<string, object?>
            {
                ["behavior"] = "allow", ["downloadPath"] = downloads, ["eventsEnabled"] = false,
            });
            fx.Driver.Navigate().GoToUrl(albumUrl);
            Assert.Equal(5, Tiles().Count);
            Screenshots("organise-album");
            // Headless Chromium has the File System Access API but no one to answer its save
            // dialog: take the path of a browser without it (the ZIP built in memory, then saved).
            fx.Browser.Script("Object.defineProperty(window, 'showSaveFilePicker', { value: undefined });");
            fx.Driver.FindElement(By.CssSelector("[data-zip-album]")).Click();
            // Chromium writes to a .crdownload file and renames it when the download is complete.
            var zip = fx.Browser.WaitFor(_ => Directory.GetFiles(downloads, "*.zip").FirstOrDefault(), "the finished ZIP in the download directory");

            using var archive = ZipFile.OpenRead(zip);
            Assert.Equal(5, archive.Entries.Count);
            Assert.Equal(["photo (2).jpg", "photo (3).jpg", "photo (4).jpg", "photo (5).jpg", "photo.jpg"],
                archive.Entries.Select(e => e.FullName).Order());
            foreach (var entry in archive.Entries)
            {
                using var stream = entry.Open();
                using var bytes = new MemoryStream();
                stream.CopyTo(bytes);
                Assert.Equal(TestImages.Jpeg, bytes.ToArray());
            }
        }
        finally
        {
            Directory.Delete(downloads, recursive: true);
        }
    }

    // For looking at (the README's screenshots step): desktop and phone widths, in the temp directory.
    private void Screenshots(string name)
    {
        foreach (var (width, height) in new[] { (1280, 900), (390, 844) })
        {
            fx.Driver.Manage().Window.Size = new System.Drawing.Size(width, height);
            fx.Driver.GetScreenshot().SaveAsFile(Path.Combine(Path.GetTempPath(), $"{name}-{width}.png"));
        }
        fx.Driver.Manage().Window.Size = new System.Drawing.Size(1280, 900);
    }

    private string Count() => fx.Driver.FindElement(By.CssSelector("[data-selection-count]")).Text;

    private List<string> Tiles() =>
        fx.Driver.FindElements(By.CssSelector("#gallery-grid > li.tile")).Select(t => t.GetDomAttribute("data-image-id")!).ToList();

    // Select mode on, tick one tile (by clicking its picture, as a person would), trash it.
    private void TrashOne(string id)
    {
        var toggle = fx.Driver.FindElement(By.CssSelector("[data-selection-toggle]"));
        if (!fx.Driver.FindElement(By.Id("selection-form")).Displayed) toggle.Click();
        fx.Driver.FindElement(By.CssSelector($"li.tile[data-image-id='{id}'] .tile-link")).Click();
        Assert.Equal("1 selected", Count());
        fx.Driver.FindElement(By.CssSelector("button[data-action=trash]")).Click();
        fx.Browser.WaitFor(d => !Tiles().Contains(id), $"tile {id} gone to the trash");
    }
}

public sealed class EmbeddedOrganiseInBrowserTests(EmbeddedBrowserFixture fx)
    : OrganiseInBrowserTests(fx), IClassFixture<EmbeddedBrowserFixture>;

public sealed class S3OrganiseInBrowserTests(S3BrowserFixture fx)
    : OrganiseInBrowserTests(fx), IClassFixture<S3BrowserFixture>;
