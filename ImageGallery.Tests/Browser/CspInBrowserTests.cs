using System.Security.Cryptography;
using System.Text;
using ImageGallery.Tests.Infrastructure;
using OpenQA.Selenium;

namespace ImageGallery.Tests.Browser;

// Every page a person or an admin uses, under the strict Content-Security-Policy, in a
// real browser: everything works and nothing is refused. Violations are read twice: the
// console (what page loads were refused) and a securitypolicyviolation listener (what
// the page's scripts did afterwards, such as the upload).
public abstract class CspInBrowserTests(BrowserFixture fx)
{
    private readonly List<string> _violations = [];
    private readonly List<string> _importMaps = [];

    [Fact]
    public async Task UploadGalleryImagePageAndAdminPages_WorkUnderThePolicy_WithNoViolations()
    {
        fx.SignUp();
        Visit("/");
        fx.Driver.FindElement(By.Id("upload-input")).SendKeys(TestImages.PathOf("photo.jpg"));
        var upload = fx.Browser.WaitFor(d => d.FindElements(By.CssSelector(".upload-item[data-state=done], .upload-item[data-state=failed]"))
            is { Count: 1 } items ? items[0] : null, "the upload to finish");
        Assert.True(upload.GetDomAttribute("data-state") == "done", fx.Browser.Diagnostics());
        WaitForImages("#gallery-grid > li.tile img", 1);
        Collect();

        Visit("/");
        WaitForImages("#gallery-grid > li.tile img", 1);
        var id = fx.Driver.FindElement(By.CssSelector("#gallery-grid > li.tile")).GetDomAttribute("data-image-id");
        Visit($"/images/{id}");
        WaitForImages("main img", 1);
        Visit("/Identity/Account/Manage");
        fx.LogOut();

        fx.SignUpAdmin();
        foreach (var page in new[] { "/Admin", $"/Admin/Images/{id}", "/Admin/Users", "/Admin/Audit" })
        {
            Visit(page);
            if (page != "/Admin/Users" && page != "/Admin/Audit") WaitForImages("main img", 1);
        }
        Visit("/Identity/Account/Login");
        Assert.True(_violations.Count == 0, string.Join("\n", _violations));
        Assert.NotEmpty(_importMaps);
        Assert.All(_importMaps, m => Assert.Equal(_importMaps[0], m));
        await PolicyAllowsExactlyTheImportMap(_importMaps[0]);

        // The check itself can fail: an inline style is refused and seen by both readers.
        fx.Browser.Script("const s = document.createElement('style'); s.textContent = 'body{}'; document.head.append(s);");
        fx.Browser.WaitFor(_ => Listened().Count > 0, "the listener to see the inline style refused");
        Collect();
        Assert.Contains(_violations, v => v.Contains("style-src", StringComparison.Ordinal));
    }

    private void Visit(string path)
    {
        Collect();
        fx.Open(path);
        // The one inline script, before any module script (else it would not apply).
        _importMaps.Add((string)fx.Browser.Script("""
            const scripts = Array.from(document.scripts);
            const maps = scripts.filter(s => s.type === 'importmap');
            const firstModule = scripts.findIndex(s => s.type === 'module');
            return maps.length === 1 && (firstModule < 0 || scripts.indexOf(maps[0]) < firstModule)
                ? maps[0].textContent : `${maps.length} import maps on ${location.pathname}, or after a module`;
            """)!);
        fx.Browser.Script("""
            window.__csp = [];
            document.addEventListener('securitypolicyviolation',
                e => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} on ${location.pathname}`));
            """);
    }

    // The policy allows that exact text by its hash, and no other inline script.
    private async Task PolicyAllowsExactlyTheImportMap(string map)
    {
        using var http = fx.CreateHttpClient();
        var csp = (await http.GetAsync("/Identity/Account/Login")).Headers.GetValues("Content-Security-Policy").Single();
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(map)));
        Assert.Contains($"script-src 'self' 'sha256-{hash}' 'wasm-unsafe-eval';", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("nonce-", csp);
    }

    private List<string> Listened() =>
        (fx.Browser.Script("return window.__csp ?? [];") as IEnumerable<object> ?? []).Select(o => o.ToString()!).ToList();

    // Console entries about the policy, and what the listener heard on the current page.
    private void Collect()
    {
        _violations.AddRange(fx.Driver.Manage().Logs.GetLog(LogType.Browser)
            .Where(l => l.Message.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            .Select(l => l.Message));
        _violations.AddRange(Listened());
    }

    private void WaitForImages(string selector, int atLeast) =>
        fx.Browser.WaitFor(_ => fx.Browser.Script("""
            const imgs = Array.from(document.querySelectorAll(arguments[0]));
            return imgs.length >= arguments[1] && imgs.every(i => i.complete && i.naturalWidth > 0);
            """, selector, atLeast) is true, $"images matching {selector} to load");
}

[Collection("Browser")]
public sealed class EmbeddedCspInBrowserTests(EmbeddedBrowserFixture fx) : CspInBrowserTests(fx), IClassFixture<EmbeddedBrowserFixture>;

[Collection("Browser")]
public sealed class S3CspInBrowserTests(S3BrowserFixture fx) : CspInBrowserTests(fx), IClassFixture<S3BrowserFixture>;
