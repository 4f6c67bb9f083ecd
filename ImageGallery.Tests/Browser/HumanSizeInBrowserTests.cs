using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Gallery;

namespace ImageGallery.Tests.Browser;

// Sizes the browser formats itself (ZIP progress, wwwroot/js/human-size.js) must read as
// the pages' (Gallery/HumanSize.cs): one rule, checked where both run.
public sealed class HumanSizeInBrowserTests(EmbeddedBrowserFixture fx) : IClassFixture<EmbeddedBrowserFixture>
{
    private static readonly long[] Sizes =
    [
        0, 1, 2, 1023, 1024, 1075, 1126, 1536, 5323, 10 * 1024 - 52, 10 * 1024 - 51, 10 * 1024, 1_048_575,
        1_048_576, 5 * 1_048_576 + 52_429, 12 * 1_048_576, 20_971_520, 3L * 1024 * 1024 * 1024 / 2,
        2L * 1024 * 1024 * 1024, 5L << 40, 1L << 50,
    ];

    [Fact]
    public void HumanSizeJs_FormatsEverySize_AsHumanSizeCs()
    {
        fx.Open("/Identity/Account/Login");
        var formatted = Assert.IsAssignableFrom<IReadOnlyCollection<object>>(fx.Driver.ExecuteAsyncScript(
            "const [sizes, done] = arguments;" +
            "import('/js/human-size.js').then(m => done(sizes.map(n => m.humanSize(n))), e => done([String(e)]));",
            Sizes.Select(s => (object)s).ToList()));

        Assert.Equal(Sizes.Select(HumanSize.Format), formatted.Select(f => f?.ToString()));
    }
}
