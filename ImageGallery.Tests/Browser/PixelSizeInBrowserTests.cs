using ImageGallery.Tests.Infrastructure;

namespace ImageGallery.Tests.Browser;

// What an image's header says of its size (wwwroot/js/pixel-size.js), read in Chromium
// from the fixtures whose sizes are known, and from headers no decoder accepts: decode.js
// decodes nothing that is too large or not an image, so a huge or broken file is never
// read whole into the tab only to fail.
public sealed class PixelSizeInBrowserTests(EmbeddedBrowserFixture fx) : IClassFixture<EmbeddedBrowserFixture>
{
    private const string Probe = """
        const [files, done] = arguments;
        const bytes = b64 => Uint8Array.from(atob(b64), c => c.charCodeAt(0));
        Promise.all([import('/js/pixel-size.js'), import('/js/decode.js')]).then(async ([size, decode]) => {
            const out = [];
            for (const [b64, type] of files) {
                const file = new File([bytes(b64)], 'f', { type });
                const s = await size.readPixelSize(file, type);
                const decoded = await decode.decodeImage(file, type, null).then(b => `${b.width}x${b.height}`, () => 'refused');
                out.push(`${s === null ? 'unknown' : s === false ? 'invalid' : `${s.width}x${s.height}`} ${decoded}`);
            }
            done(out);
        }, e => done([String(e)]));
        """;

    [Fact]
    public void PixelSize_ReadsEachFormatsHeader_AndDecodeRefusesBrokenOrHugeOnesUnread()
    {
        // A PNG whose IHDR says 20,000 × 20,000 (400 megapixels) over real pixels of 300 × 200.
        var huge = TestImages.Png;
        new byte[] { 0, 0, 0x4E, 0x20, 0, 0, 0x4E, 0x20 }.CopyTo(huge, 16);
        var noise = new byte[4096];
        Random.Shared.NextBytes(noise);
        TestImages.Png[..8].CopyTo(noise, 0);
        var files = new (byte[] Bytes, string Type)[]
        {
            (TestImages.Jpeg, "image/jpeg"), (TestImages.LargeJpeg, "image/jpeg"), (TestImages.Png, "image/png"),
            (TestImages.Gif, "image/gif"), (TestImages.Webp, "image/webp"), (TestImages.Heic, "image/heic"),
            (TestImages.Avif, "image/avif"),
            (noise, "image/png"), (huge, "image/png"),
        };
        fx.Open("/Identity/Account/Login");

        var results = Assert.IsAssignableFrom<IReadOnlyCollection<object>>(fx.Driver.ExecuteAsyncScript(Probe,
            files.Select(f => (object)new List<object> { Convert.ToBase64String(f.Bytes), f.Type }).ToList()));

        Assert.Equal(
        [
            "640x480 640x480", "800x600 800x600", "300x200 300x200", "120x80 120x80", "200x150 200x150",
            // HEIC: its size from the 'ispe' property; Chromium has no decoder for it (and no
            // libheif is given here). AVIF: read the same way, and decoded.
            "640x480 refused", "64x48 64x48",
            "invalid refused", "20000x20000 refused",
        ], results.Select(r => r?.ToString()));
    }
}
