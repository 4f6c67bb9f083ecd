using ImageGallery.Tests.Infrastructure;
using OpenQA.Selenium;

namespace ImageGallery.Tests.Browser;

// A bucket whose CORS rule does not name the app's origin: the browser refuses to let
// the page see storage's answer, which looks exactly like storage being down. The
// person gets plain words and a retry, never "status 0".
[Collection("Browser")]
public sealed class StorageUnreachableInBrowserTests(S3WithoutCorsBrowserFixture fx) : IClassFixture<S3WithoutCorsBrowserFixture>
{
    [Fact]
    public void AnUploadStorageWillNotAnswer_SaysCouldNotReachStorage_OffersRetry_AndCancelRemovesIt()
    {
        fx.SignUp();
        fx.Open("/");

        fx.Driver.FindElement(By.Id("upload-input")).SendKeys(TestImages.PathOf("photo.jpg"));

        var item = WaitForFailure();
        var message = item.FindElement(By.ClassName("upload-message")).Text;
        Assert.Equal("Could not reach storage. Check your connection and try again.", message);
        Assert.DoesNotContain("status", message, StringComparison.OrdinalIgnoreCase);
        var retry = item.FindElement(By.XPath(".//button[normalize-space()='Retry']"));
        Assert.True(retry.Displayed);
        Assert.Equal("Retry photo.jpg", retry.GetDomAttribute("aria-label"));
        Assert.Contains("photo.jpg failed: Could not reach storage", fx.Driver.FindElement(By.Id("upload-status")).GetDomProperty("textContent"));

        retry.Click();
        item = WaitForFailure();
        Assert.Equal("Could not reach storage. Check your connection and try again.", item.FindElement(By.ClassName("upload-message")).Text);

        item.FindElement(By.XPath(".//button[normalize-space()='Cancel']")).Click();
        Assert.Empty(fx.Driver.FindElements(By.CssSelector(".upload-item")));
        Assert.Equal("photo.jpg cancelled.", fx.Driver.FindElement(By.Id("upload-status")).GetDomProperty("textContent"));
        Assert.Empty(fx.Driver.FindElements(By.CssSelector("#gallery-grid > li.tile")));
    }

    private IWebElement WaitForFailure() =>
        fx.Browser.WaitFor(d => d.FindElements(By.CssSelector(".upload-item[data-state=failed]")) is { Count: 1 } f ? f[0] : null,
            "the upload to fail");
}
