using System.Drawing;
using ImageGallery.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;

namespace ImageGallery.Tests.Browser;

// axe-core on every page a person sees, as they see it (after real sign-up and upload),
// and the phone layout: a collapsed menu, two columns, finger-sized targets.
// Accessibility does not depend on the storage backend: the embedded one is enough.
[Collection("Browser")]
public sealed class AccessibilityInBrowserTests(EmbeddedBrowserFixture fx) : IClassFixture<EmbeddedBrowserFixture>
{
    private readonly Dictionary<string, IReadOnlyList<string>> _violations = [];

    [Fact]
    public async Task EveryPageAPersonSees_HasNoSeriousOrCriticalAxeViolations()
    {
        fx.Driver.Manage().Window.Size = new Size(1280, 900);
        fx.Open("/");
        fx.Driver.Manage().Cookies.DeleteAllCookies();
        Check("/Identity/Account/Login", "login");
        Check("/Identity/Account/Register", "register");

        // The admin is a person too: their own gallery, with an upload, then every admin page.
        var email = fx.SignUp(fx.AdminEmail);
        fx.Open("/");
        fx.Driver.FindElement(By.Id("upload-input")).SendKeys(TestImages.PathOf("photo.jpg"));
        // The queue as it fills, whatever step the upload has reached.
        fx.Browser.WaitFor(d => d.FindElements(By.CssSelector(".upload-item")).Count == 1, "the upload to be queued");
        Record("upload-in-progress");
        var tile = fx.Browser.WaitFor(d => d.FindElements(By.CssSelector("#gallery-grid > li.tile")).FirstOrDefault(), "the new tile");
        var id = tile.GetDomAttribute("data-image-id")!;
        fx.Browser.WaitFor(d => d.FindElements(By.CssSelector(".upload-item[data-state=done]")).Count == 1, "the upload to finish");
        Record("gallery-after-upload");
        Check("/", "gallery");
        Check($"/images/{id}", "image");
        Check($"/images/{id}/delete", "image-delete");
        Check("/?status=rejected", "gallery-rejected");
        Check("/Identity/Account/Manage", "account-manage");
        Check("/Identity/Account/Manage/ChangePassword", "account-password");
        Check("/Identity/Account/Manage/Photos", "account-photos");
        Check("/Admin", "admin-queue");
        Check($"/Admin/Images/{id}", "admin-image");
        Check("/Admin/Users", "admin-users");
        var userId = await ImageSeeder.UserIdAsync(fx.Factory, email);
        Check($"/Admin/Users/{userId}", "admin-user");
        Check("/Admin/Audit", "admin-audit");

        Assert.True(_violations.Values.All(v => v.Count == 0),
            string.Join("\n", _violations.Where(p => p.Value.Count > 0).Select(p => $"{p.Key}:\n  {string.Join("\n  ", p.Value)}")));
    }

    [Fact]
    public void APhoneWideViewport_CollapsesTheNavigation_ShowsTwoColumns_AndGivesFingerSizedTargets()
    {
        fx.SignUp();
        fx.Driver.Manage().Window.Size = new Size(390, 844);
        try
        {
            fx.Open("/");
            fx.Driver.FindElement(By.Id("upload-input")).SendKeys(
                string.Join("\n", new[] { "photo.jpg", "photo.png", "small.gif" }.Select(TestImages.PathOf)));
            fx.Browser.WaitFor(d => d.FindElements(By.CssSelector("#gallery-grid > li.tile")).Count == 3, "three tiles");

            var toggle = fx.Driver.FindElement(By.Id("nav-toggle"));
            var menu = fx.Driver.FindElement(By.Id("main-nav"));
            Assert.True(toggle.Displayed);
            Assert.False(menu.Displayed);
            Assert.Equal("false", toggle.GetDomAttribute("aria-expanded"));
            Assert.Equal(2, Columns("#gallery-grid"));
            Record("phone-gallery");

            toggle.Click();
            fx.Browser.WaitFor(_ => menu.Displayed, "the menu to open");
            Assert.Equal("true", toggle.GetDomAttribute("aria-expanded"));
            var logOut = menu.FindElement(By.XPath(".//button[normalize-space()='Log out']"));
            Assert.True(logOut.Displayed);
            Record("phone-menu-open");

            // Every control a finger uses on this page, menu included, is at least 44 px high.
            var small = fx.Browser.Script("""
                return Array.from(document.querySelectorAll('nav a, nav button, .btn, .pager a, .gallery-filters a, .tile-link'))
                    .filter(e => e.offsetParent !== null)
                    .filter(e => e.getBoundingClientRect().height < 44)
                    .map(e => `${e.tagName} "${e.textContent.trim()}" ${e.getBoundingClientRect().height}px`);
                """) as IReadOnlyCollection<object>;
            Assert.Empty(small!);

            toggle.Click();
            fx.Browser.WaitFor(_ => !menu.Displayed, "the menu to close");
            Assert.True(_violations.Values.All(v => v.Count == 0),
                string.Join("\n", _violations.SelectMany(p => p.Value)));
        }
        finally
        {
            fx.Driver.Manage().Window.Size = new Size(1280, 900);
        }
    }

    [Fact]
    public async Task OnAPhone_TheOpenSelectionBar_TakesAtMostTwoRows_OfFingerSizedTargets_AndTheTrashShowsThumbnails()
    {
        var email = fx.SignUp();
        var ownerId = await ImageSeeder.UserIdAsync(fx.Factory, email);
        var ids = new List<Guid>();
        using (var http = fx.CreateHttpClient())
            for (var i = 0; i < 3; i++) ids.Add((await ImageSeeder.SeedStoredAsync(fx.Factory, http, ownerId)).PublicId);
        await using (var scope = fx.Factory.Services.CreateAsyncScope())
        {
            var albums = scope.ServiceProvider.GetRequiredService<ImageGallery.Web.Albums.AlbumService>();
            var album = await albums.CreateAsync(ownerId, "Holiday", CancellationToken.None);
            await albums.AddAsync(ownerId, album.Id, ids, CancellationToken.None);
            fx.Driver.Manage().Window.Size = new Size(390, 844);
            try
            {
                // The album page's bar has every action there is (Remove from this album too).
                fx.Open($"/albums/{album.Id}");
                fx.Driver.FindElement(By.CssSelector("[data-selection-toggle]")).Click();
                fx.Driver.FindElements(By.CssSelector("#gallery-grid input.tile-check"))[0].Click();
                Record("phone-selection-bar");
                Assert.Equal(2, Rows("#selection-form", "[data-selection-count], button, summary"));
                AssertFingerSized("#selection-form");
                fx.Driver.FindElement(By.CssSelector(".selection-album > summary")).Click();
                Assert.True(fx.Driver.FindElement(By.Id("selection-new-album")).Displayed);
                AssertFingerSized("#selection-form");
                Record("phone-selection-album-open");

                // The trash shows what would be restored.
                fx.Driver.FindElement(By.CssSelector("button[data-action=trash]")).Click();
                fx.Browser.WaitFor(d => d.FindElements(By.CssSelector("#gallery-grid > li.tile")).Count == 2, "the tile gone to the trash");
                fx.Open("/trash");
                fx.Browser.WaitFor(_ => fx.Browser.Script(
                    "const i = document.querySelector('li.trash-item img.trash-thumb'); return !!i && i.complete && i.naturalWidth > 0;") is true,
                    "the trashed image's thumbnail to load");
                AssertFingerSized("#trash-list");
                Record("phone-trash");
            }
            finally
            {
                fx.Driver.Manage().Window.Size = new Size(1280, 900);
            }
        }
        Assert.True(_violations.Values.All(v => v.Count == 0), string.Join("\n", _violations.SelectMany(p => p.Value)));
    }

    // How many rows the visible items take: items of one row share their vertical centre
    // (the bar centres them), give or take a pixel. The items are named in the failure.
    private int Rows(string container, string items)
    {
        var found = (IReadOnlyCollection<object>)fx.Browser.Script("""
            return [...document.querySelector(arguments[0]).querySelectorAll(arguments[1])]
                .map(e => [e, e.getBoundingClientRect()])
                .filter(([e, r]) => e.checkVisibility() && r.width > 0 && r.height > 0)
                .map(([e, r]) => [r.top + r.height / 2, `${e.tagName} "${e.textContent.trim()}" at ${r.top}`]);
            """, container, items)!;
        var rows = found.Cast<IReadOnlyList<object>>().Select(f => (Centre: Convert.ToDouble(f[0]), What: (string)f[1])).OrderBy(f => f.Centre).ToList();
        var count = rows.Where((r, i) => i == 0 || r.Centre - rows[i - 1].Centre > 8).Count();
        Assert.True(count <= 2, string.Join("; ", rows.Select(r => r.What)));
        return count;
    }

    // Every visible button and disclosure inside the element is at least 44 by 44 px.
    private void AssertFingerSized(string container)
    {
        var small = fx.Browser.Script("""
            // checkVisibility: inside a closed disclosure, controls keep a box but are not shown.
            return [...document.querySelector(arguments[0]).querySelectorAll('button, summary, select, input:not([type=hidden]):not(.tile-check)')]
                .filter(e => e.checkVisibility())
                .map(e => [e, e.getBoundingClientRect()])
                .filter(([, r]) => r.height < 44 || r.width < 44)
                .map(([e, r]) => `${e.tagName} "${e.textContent.trim()}" ${r.width}x${r.height}`);
            """, container) as IReadOnlyCollection<object>;
        Assert.Empty(small!);
    }

    // Each page at desktop width and at a phone's (390 px): axe, and a screenshot of each.
    private void Check(string path, string name)
    {
        fx.Open(path);
        // A page that bounced to the log-in form would be checked in its place.
        if (!path.StartsWith("/Identity/Account/Log")) Assert.DoesNotContain("/Identity/Account/Login", fx.Driver.Url);
        Record(name);
        fx.Driver.Manage().Window.Size = new Size(390, 844);
        try
        {
            Record($"{name}-phone");
        }
        finally
        {
            fx.Driver.Manage().Window.Size = new Size(1280, 900);
        }
    }

    private void Record(string name)
    {
        _violations[name] = Axe.SeriousViolations(fx.Browser);
        var width = fx.Driver.Manage().Window.Size.Width;
        fx.Driver.GetScreenshot().SaveAsFile(Path.Combine(Path.GetTempPath(), $"a11y-{name}-{width}.png"));
    }

    private long Columns(string selector) => (long)fx.Browser.Script(
        "return getComputedStyle(document.querySelector(arguments[0])).gridTemplateColumns.split(' ').length;", selector)!;
}
