using ImageGallery.Tests.Infrastructure;
using OpenQA.Selenium;

namespace ImageGallery.Tests.Browser;

// Moderation end to end in a real browser: an upload through the real uploader, an
// admin's rejection through the queue's own form, and what its owner then sees.
// Each backend runs the same test (subclasses below).
public abstract class AdminReviewInBrowserTests(BrowserFixture fx, string backend)
{
    private const string Reason = "Not a photo of the garden, as the album asks.";

    [Fact]
    public void AnAdminRejectsAnUploadWithAReason_AndItsOwnerSeesItGoneFromTheGrid_AndTheReasonUnderRejected()
    {
        var owner = fx.SignUp();
        fx.Open("/");
        fx.Driver.FindElement(By.Id("upload-input")).SendKeys(TestImages.PathOf("photo.jpg"));
        var upload = fx.Browser.WaitFor(d => d.FindElements(By.CssSelector(".upload-item[data-state=done], .upload-item[data-state=failed]"))
            is { Count: 1 } items ? items[0] : null, "the upload to finish");
        Assert.True(upload.GetDomAttribute("data-state") == "done", upload.FindElement(By.ClassName("upload-message")).Text);
        var id = Assert.Single(TileIds());
        fx.LogOut();

        fx.SignUpAdmin();
        fx.Driver.FindElement(By.LinkText("Review")).Click();
        var row = fx.Browser.WaitFor(d => d.FindElements(By.CssSelector($"tr.queue-item[data-image-id='{id}']")).FirstOrDefault(),
            "the upload in the review queue");
        Assert.Equal("AwaitingReview", row.GetDomAttribute("data-status"));
        Assert.Equal(owner, row.FindElement(By.ClassName("queue-owner")).Text);
        Assert.Equal("photo.jpg", row.FindElement(By.ClassName("queue-file")).Text);
        WaitForImagesToLoad("tr.queue-item img.queue-thumb", 1);
        WaitForImagesToLoad("tr.queue-item img.queue-original", 1);
        Screenshot("queue");
        fx.Driver.Manage().Window.Size = new System.Drawing.Size(390, 844);
        Screenshot("queue-phone");
        fx.Driver.Manage().Window.Size = new System.Drawing.Size(1280, 900);

        row.FindElement(By.ClassName("queue-open")).Click();
        WaitForImagesToLoad("img.admin-original", 1);
        Screenshot("image");
        fx.Driver.Navigate().Back();

        row = fx.Driver.FindElement(By.CssSelector($"tr.queue-item[data-image-id='{id}']"));
        row.FindElement(By.CssSelector("form.reject-form input[name='Input.Reason']")).SendKeys(Reason);
        row.FindElement(By.CssSelector("form.reject-form button[type=submit]")).Click();
        var message = fx.Browser.WaitFor(d => d.FindElements(By.ClassName("status-message")).FirstOrDefault(), "the queue's status message");
        Assert.Equal("Rejected 1 image.", message.Text);
        Assert.Empty(fx.Driver.FindElements(By.CssSelector($"tr.queue-item[data-image-id='{id}']")));

        fx.Driver.FindElement(By.CssSelector(".admin-nav")).FindElement(By.LinkText("Users")).Click();
        var user = fx.Browser.WaitFor(d => d.FindElements(By.XPath($"//tr[contains(@class,'user-row')][.//a[text()='{owner}']]")).FirstOrDefault(),
            "the owner in the users list");
        Assert.Equal(("1", "0"), (user.FindElement(By.ClassName("user-images")).Text, user.FindElement(By.ClassName("user-awaiting")).Text));
        Screenshot("users");

        fx.Driver.FindElement(By.CssSelector(".admin-nav")).FindElement(By.LinkText("Audit log")).Click();
        var entry = fx.Browser.WaitFor(d => d.FindElements(By.CssSelector($"tr.audit-entry[data-image-id='{id}']")).FirstOrDefault(),
            "the rejection in the audit log");
        Assert.Equal(("Reject", fx.AdminEmail, owner), (entry.FindElement(By.ClassName("audit-action")).Text,
            entry.FindElement(By.ClassName("audit-actor")).Text, entry.FindElement(By.ClassName("audit-target")).Text));
        Assert.Contains(Reason, entry.FindElement(By.ClassName("audit-detail")).Text);
        Screenshot("audit");
        fx.LogOut();

        fx.LogIn(owner);
        fx.Open("/");
        Assert.Empty(TileIds());
        Assert.Equal("No images yet. Upload your first one above.", fx.Driver.FindElement(By.ClassName("gallery-empty")).Text);

        fx.Driver.FindElement(By.CssSelector(".gallery-filters")).FindElement(By.LinkText("Rejected")).Click();
        fx.Browser.WaitFor(d => d.FindElement(By.TagName("h1")).Text == "Rejected images", "the rejected filter");
        Assert.Equal([id], TileIds());
        var tile = fx.Driver.FindElement(By.CssSelector($"#gallery-grid > li.tile[data-image-id='{id}']"));
        Assert.Equal("Rejected", tile.GetDomAttribute("data-status"));
        Assert.Equal(Reason, tile.FindElement(By.ClassName("tile-reason")).Text);
        Screenshot("owner-rejected");
    }

    private List<string> TileIds() =>
        fx.Driver.FindElements(By.CssSelector("#gallery-grid > li.tile")).Select(t => t.GetDomAttribute("data-image-id")!).ToList();

    // Loaded from storage through its presigned URL and decoded.
    private void WaitForImagesToLoad(string selector, int count) =>
        fx.Browser.WaitFor(_ => fx.Browser.Script("""
            const imgs = Array.from(document.querySelectorAll(arguments[0]));
            return imgs.length === arguments[1] && imgs.every(i => i.complete && i.naturalWidth > 0);
            """, selector, count) is true, $"{count} image(s) matching {selector} to load");

    private void Screenshot(string page)
    {
        var name = backend == "embedded" ? $"admin-{page}.png" : $"admin-{page}-{backend}.png";
        fx.Driver.GetScreenshot().SaveAsFile(Path.Combine(Path.GetTempPath(), name));
    }
}

[Collection("Browser")]
public sealed class EmbeddedAdminReviewInBrowserTests(EmbeddedBrowserFixture fx)
    : AdminReviewInBrowserTests(fx, "embedded"), IClassFixture<EmbeddedBrowserFixture>;

[Collection("Browser")]
public sealed class S3AdminReviewInBrowserTests(S3BrowserFixture fx)
    : AdminReviewInBrowserTests(fx, "s3"), IClassFixture<S3BrowserFixture>;
