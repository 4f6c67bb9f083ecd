using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Uploads;

namespace ImageGallery.Tests.Uploads;

public class ImageFormatsTests
{
    [Theory]
    [InlineData("photo.jpg", "image/jpeg")]
    [InlineData("large.jpg", "image/jpeg")]
    [InlineData("photo.png", "image/png")]
    [InlineData("small.gif", "image/gif")]
    [InlineData("photo.webp", "image/webp")]
    public void Sniff_RecognisesRealFiles(string fixture, string contentType)
    {
        var prefix = File.ReadAllBytes(TestImages.PathOf(fixture)).AsSpan(0, ImageFormats.PrefixLength);
        Assert.Equal(contentType, ImageFormats.Sniff(prefix));
    }

    [Fact]
    public void Sniff_RecognisesBothGifVersions()
    {
        Assert.Equal("image/gif", ImageFormats.Sniff("GIF87a\x01\x00"u8));
        Assert.Equal("image/gif", ImageFormats.Sniff("GIF89a\x01\x00"u8));
        Assert.Null(ImageFormats.Sniff("GIF88a\x01\x00"u8));
    }

    [Theory]
    [InlineData("avif", "")]
    [InlineData("avis", "")]
    [InlineData("mif1", "miafavif")]   // generic major brand, AVIF among the compatible ones
    public void Sniff_RecognisesAvif_ByMajorOrCompatibleBrand(string major, string compatible)
    {
        Assert.Equal("image/avif", ImageFormats.Sniff(Ftyp(major, compatible)));
    }

    [Theory]
    [InlineData("isom", "iso2mp41")]   // an MP4 video
    [InlineData("qt  ", "qt  ")]       // a QuickTime movie
    public void Sniff_RefusesOtherIsoMediaFiles(string major, string compatible)
    {
        Assert.Null(ImageFormats.Sniff(Ftyp(major, compatible)));
    }

    [Theory]
    [InlineData("heic", "mif1heic", "image/heic")]   // what an iPhone writes
    [InlineData("heix", "mif1heix", "image/heic")]
    [InlineData("mif1", "mif1heic", "image/heic")]   // generic major brand, HEVC among the compatible ones
    [InlineData("hevc", "", "image/heic")]           // an image sequence
    [InlineData("mif1", "mif1", "image/heif")]       // HEIF without saying the codec
    [InlineData("msf1", "", "image/heif")]
    [InlineData("mif1", "mif1avif", "image/avif")]   // AVIF says mif1 too: AVIF wins
    public void Sniff_RecognisesHeicAndHeif_ByFtypBrand(string major, string compatible, string expected)
    {
        Assert.Equal(expected, ImageFormats.Sniff(Ftyp(major, compatible)));
    }

    [Fact]
    public void HeicAndHeif_AreAcceptedByDefault_ButNeverShownAsThemselves()
    {
        Assert.Contains("image/heic", UploadOptions.DefaultContentTypes);
        Assert.Contains("image/heif", UploadOptions.DefaultContentTypes);
        Assert.False(ImageFormats.BrowsersShow("image/heic"));
        Assert.False(ImageFormats.BrowsersShow("image/heif"));
        Assert.True(ImageFormats.BrowsersShow("image/jpeg"));
    }

    [Fact]
    public void Sniff_RefusesAvifBrandsBeyondTheFtypBox()
    {
        // The box says it is 16 bytes long; "avif" after it belongs to something else.
        var bytes = Ftyp("isom", "avif");
        bytes[3] = 16;
        Assert.Null(ImageFormats.Sniff(bytes));
    }

    [Fact]
    public void Sniff_RefusesARiffFileThatIsNotWebp()
    {
        Assert.Null(ImageFormats.Sniff("RIFF\x24\x00\x00\x00WAVEfmt "u8));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\u00FF\u00D8")]            // JPEG cut short
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")]
    [InlineData("<!DOCTYPE html><html>")]
    [InlineData("\u0089PNG\r\n\u001a")]     // PNG signature one byte short
    public void Sniff_RefusesWhatIsNotAKnownImage(string latin1)
    {
        Assert.Null(ImageFormats.Sniff(System.Text.Encoding.Latin1.GetBytes(latin1)));
    }

    [Theory]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "SVG")]
    [InlineData("  <?xml version=\"1.0\"?>", "SVG")]
    [InlineData("<!doctype html><html>", "HTML")]
    [InlineData("plain text", "not an image")]
    [InlineData("", "empty")]
    public void Describe_SaysInPlainWordsWhatTheFileIs(string text, string expected)
    {
        Assert.Contains(expected, ImageFormats.Describe(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void EveryKnownFormat_HasAnObjectKeyExtension()
    {
        foreach (var type in ImageFormats.ContentTypes)
            Assert.False(string.IsNullOrEmpty(ObjectKeys.Extension(type)));
        Assert.Equal(UploadOptions.DefaultContentTypes.Order(), ImageFormats.ContentTypes.Order());
    }

    private static byte[] Ftyp(string major, string compatible)
    {
        var body = System.Text.Encoding.ASCII.GetBytes("ftyp" + major + "\0\0\0\0" + compatible);
        var box = new byte[Math.Max(32, 4 + body.Length)];
        box[3] = (byte)(4 + body.Length);
        body.CopyTo(box, 4);
        return box;
    }
}
