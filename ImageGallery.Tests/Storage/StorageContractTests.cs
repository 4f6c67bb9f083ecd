using System.Net;
using System.Xml.Linq;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ImageGallery.Tests.Storage;

// What every backend promises, run against each (EmbeddedStorageContractTests,
// S3StorageContractTests). The refusals are the storage's own: the app is not in
// the path of the upload, so only the signed policy stands between a browser and
// the bucket.
public abstract class StorageContractTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : GalleryFactory
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    protected TFactory Factory { get; } = factory;
    protected IObjectStore Store => Factory.Services.GetRequiredService<IObjectStore>();
    private HttpClient App => _app ??= Factory.CreateClient();
    private HttpClient? _app;

    protected static string NewKey(string ext = "jpg") => $"users/contract/{Guid.NewGuid():N}/original.{ext}";

    protected PresignedForm Form(string key, string contentType, long size, TimeSpan? lifetime = null) =>
        Store.CreateUploadForm(new UploadFormRequest(key, contentType, size, DateTimeOffset.UtcNow + (lifetime ?? TimeSpan.FromMinutes(5))));

    protected Task<HttpResponseMessage> PostAsync(PresignedForm form, byte[] bytes, string contentType,
        IDictionary<string, string>? overrides = null) =>
        TestImages.PostAsync(App, form, bytes, contentType, overrides);

    protected async Task<string> UploadAsync(byte[] bytes, string contentType, string ext = "jpg")
    {
        var key = NewKey(ext);
        var response = await PostAsync(Form(key, contentType, bytes.Length), bytes, contentType);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return key;
    }

    private Uri ViewUrl(string key, bool download = false, DateTimeOffset? expiresAt = null) =>
        Store.GetViewUrl(new ViewUrlRequest(key, "image/jpeg", "holiday photo.jpg", download,
            expiresAt ?? DateTimeOffset.UtcNow.AddMinutes(10), MaxAge));

    // Refused with an S3 error document (upload.js words its message from the Code),
    // and nothing stored under any of the keys.
    private async Task AssertRefusedAsync(HttpResponseMessage response, string[] keys, params string[] codes)
    {
        Assert.InRange((int)response.StatusCode, 400, 499);
        var code = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root?.Element("Code")?.Value;
        Assert.Contains(code, codes);
        foreach (var key in keys) Assert.Null(await Store.GetInfoAsync(key, CancellationToken.None));
    }

    [Theory]
    [InlineData("photo.jpg", "image/jpeg")]
    [InlineData("photo.png", "image/png")]
    public async Task Upload_StoresTheExactBytes_AndTheViewUrlServesThemWithForcedHeaders(string fixture, string contentType)
    {
        var bytes = File.ReadAllBytes(TestImages.PathOf(fixture));
        var key = NewKey(Path.GetExtension(fixture).TrimStart('.'));

        var response = await PostAsync(Form(key, contentType, bytes.Length), bytes, contentType);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var info = await Store.GetInfoAsync(key, CancellationToken.None);
        Assert.NotNull(info);
        Assert.Equal(bytes.Length, info.Size);
        Assert.Equal(contentType, info.ContentType);
        var head = await Store.ReadHeadAsync(key, 16, CancellationToken.None);
        Assert.NotNull(head);
        Assert.Equal(bytes.Length, head.Size);
        Assert.Equal(contentType, head.ContentType);
        Assert.Equal(bytes[..16], head.Prefix);

        var url = Store.GetViewUrl(new ViewUrlRequest(key, contentType, "holiday photo" + Path.GetExtension(fixture),
            Download: false, DateTimeOffset.UtcNow.AddMinutes(10), MaxAge));
        var view = await TestImages.GetAsync(App, url);
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        Assert.Equal(bytes, await view.Content.ReadAsByteArrayAsync());
        Assert.Equal(contentType, view.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", view.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("holiday photo" + Path.GetExtension(fixture), view.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.True(view.Headers.CacheControl?.Private);
        Assert.Equal(MaxAge, view.Headers.CacheControl?.MaxAge);
    }

    [Fact]
    public async Task ViewUrl_ForADownload_IsAnAttachment()
    {
        var key = await UploadAsync(TestImages.Jpeg, "image/jpeg");

        var view = await TestImages.GetAsync(App, ViewUrl(key, download: true));

        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        Assert.Equal("attachment", view.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task ReadHead_OfAShortObject_ReturnsAllOfIt_AndItsSize()
    {
        var key = await UploadAsync(TestImages.Jpeg[..10], "image/jpeg");

        var head = await Store.ReadHeadAsync(key, 16, CancellationToken.None);

        Assert.NotNull(head);
        Assert.Equal(TestImages.Jpeg[..10], head.Prefix);
        Assert.Equal(10, head.Size);
    }

    [Fact]
    public async Task ReadHead_IsNull_ForAMissingKey() =>
        Assert.Null(await Store.ReadHeadAsync(NewKey(), 16, CancellationToken.None));

    [Fact]
    public async Task GetInfo_IsNull_ForAMissingKey() =>
        Assert.Null(await Store.GetInfoAsync(NewKey(), CancellationToken.None));

    [Fact]
    public async Task Upload_IsRefused_WhenTheFileIsLargerThanDeclared()
    {
        var key = NewKey();
        var response = await PostAsync(Form(key, "image/jpeg", TestImages.Jpeg.Length), TestImages.LargeJpeg, "image/jpeg");
        await AssertRefusedAsync(response, [key], "EntityTooLarge");
    }

    [Fact]
    public async Task Upload_IsRefused_WhenTheFileIsSmallerThanDeclared()
    {
        var key = NewKey();
        var response = await PostAsync(Form(key, "image/jpeg", TestImages.Jpeg.Length), TestImages.Jpeg[..^1], "image/jpeg");
        await AssertRefusedAsync(response, [key], "EntityTooSmall");
    }

    [Fact]
    public async Task Upload_IsRefused_WhenTheContentTypeFieldDiffers()
    {
        var key = NewKey();
        var response = await PostAsync(Form(key, "image/jpeg", TestImages.Jpeg.Length), TestImages.Jpeg, "image/jpeg",
            new Dictionary<string, string> { ["Content-Type"] = "text/html" });
        await AssertRefusedAsync(response, [key], "AccessDenied");
    }

    [Fact]
    public async Task Upload_IsRefused_WhenTheKeyFieldDiffers()
    {
        string key = NewKey(), other = NewKey();
        var response = await PostAsync(Form(key, "image/jpeg", TestImages.Jpeg.Length), TestImages.Jpeg, "image/jpeg",
            new Dictionary<string, string> { ["key"] = other });
        await AssertRefusedAsync(response, [key, other], "AccessDenied");
    }

    [Fact]
    public async Task Upload_IsRefused_WhenAFieldOutsideThePolicyIsAdded()
    {
        var key = NewKey();
        var response = await PostAsync(Form(key, "image/jpeg", TestImages.Jpeg.Length), TestImages.Jpeg, "image/jpeg",
            new Dictionary<string, string> { ["acl"] = "public-read" });
        await AssertRefusedAsync(response, [key], "AccessDenied");
    }

    [Fact]
    public async Task Upload_IsRefused_WhenTheFormHasExpired()
    {
        var key = NewKey();
        var form = Form(key, "image/jpeg", TestImages.Jpeg.Length, lifetime: TimeSpan.FromMinutes(-1));
        var response = await PostAsync(form, TestImages.Jpeg, "image/jpeg");
        await AssertRefusedAsync(response, [key], "AccessDenied");
    }

    [Fact]
    public async Task Upload_IsRefused_WhenThePolicyIsTampered()
    {
        var key = NewKey();
        var form = Form(key, "image/jpeg", TestImages.Jpeg.Length);
        var name = form.Fields.Keys.Single(k => k.Equals("policy", StringComparison.OrdinalIgnoreCase));
        var response = await PostAsync(form, TestImages.Jpeg, "image/jpeg",
            new Dictionary<string, string> { [name] = FlipOneChar(form.Fields[name]) });
        await AssertRefusedAsync(response, [key], TamperedCodes);
    }

    [Fact]
    public async Task Upload_IsRefused_WhenTheSignatureIsTampered()
    {
        var key = NewKey();
        var form = Form(key, "image/jpeg", TestImages.Jpeg.Length);
        var name = form.Fields.Keys.Single(k => k.Contains("signature", StringComparison.OrdinalIgnoreCase));
        var response = await PostAsync(form, TestImages.Jpeg, "image/jpeg",
            new Dictionary<string, string> { [name] = FlipOneChar(form.Fields[name]) });
        await AssertRefusedAsync(response, [key], TamperedCodes);
    }

    [Fact]
    public async Task ViewUrl_IsRefused_OnceExpired()
    {
        var key = await UploadAsync(TestImages.Jpeg, "image/jpeg");
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(2);
        var url = ViewUrl(key, expiresAt: expiresAt);

        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.5));

        Assert.Equal(HttpStatusCode.Forbidden, (await TestImages.GetAsync(App, url)).StatusCode);
    }

    [Fact]
    public async Task ViewUrl_IsRefused_WhenItsSignatureIsTampered()
    {
        var key = await UploadAsync(TestImages.Jpeg, "image/jpeg");
        var url = ViewUrl(key).OriginalString;
        var query = url.IndexOf('?') + 1;
        var parameters = url[query..].Split('&')
            .Select(p => p.Split('=', 2))
            .Select(p => p[0] is "sig" || p[0].EndsWith("Signature", StringComparison.OrdinalIgnoreCase) ? $"{p[0]}={FlipOneChar(p[1])}" : string.Join('=', p));
        var tampered = url[..query] + string.Join('&', parameters);
        Assert.NotEqual(url, tampered);

        Assert.Equal(HttpStatusCode.Forbidden, (await TestImages.GetAsync(App, new Uri(tampered, UriKind.RelativeOrAbsolute))).StatusCode);
    }

    [Fact]
    public async Task ViewUrl_IsRefused_WhenTheForcedContentTypeIsChanged()
    {
        var key = await UploadAsync(TestImages.Jpeg, "image/jpeg");
        var url = ViewUrl(key).OriginalString;
        Assert.Contains("image%2Fjpeg", url);
        var tampered = url.Replace("image%2Fjpeg", "text%2Fhtml");

        Assert.Equal(HttpStatusCode.Forbidden, (await TestImages.GetAsync(App, new Uri(tampered, UriKind.RelativeOrAbsolute))).StatusCode);
    }

    [Fact]
    public async Task Delete_RemovesTheObject()
    {
        var key = await UploadAsync(TestImages.Png, "image/png", "png");

        await Store.DeleteAsync(key, CancellationToken.None);

        Assert.Null(await Store.GetInfoAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task Delete_OfAMissingKey_Succeeds()
    {
        var key = NewKey();
        await Store.DeleteAsync(key, CancellationToken.None);
        Assert.Null(await Store.GetInfoAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task Copy_MakesAnIndependentCopy_WithTheContentType()
    {
        var source = await UploadAsync(TestImages.Png, "image/png", "png");
        var destination = NewKey("png");

        Assert.True(await Store.CopyAsync(source, destination, TestImages.Png.Length, CancellationToken.None));
        // A later write to the source does not reach the copy.
        var form = Form(source, "image/png", TestImages.Png.Length);
        var other = TestImages.Png.ToArray();
        other[^1] ^= 0xff;
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(form, other, "image/png")).StatusCode);

        var head = await Store.ReadHeadAsync(destination, TestImages.Png.Length, CancellationToken.None);
        Assert.NotNull(head);
        Assert.Equal("image/png", head.ContentType);
        Assert.Equal(TestImages.Png, head.Prefix);
    }

    [Fact]
    public async Task Copy_OfAMissingSource_ReturnsFalse_AndWritesNothing()
    {
        var destination = NewKey();

        Assert.False(await Store.CopyAsync(NewKey(), destination, 1, CancellationToken.None));
        Assert.Null(await Store.GetInfoAsync(destination, CancellationToken.None));
    }

    [Fact]
    public async Task List_ReturnsEveryObjectUnderThePrefix_AndNothingElse()
    {
        var prefix = $"incoming/contract-{Guid.NewGuid():N}/";
        var keys = new List<string>();
        foreach (var name in new[] { "a/original.jpg", "a/thumb.jpg", "b/original.jpg" })
        {
            var key = prefix + name;
            Assert.Equal(HttpStatusCode.Created,
                (await PostAsync(Form(key, "image/jpeg", TestImages.Jpeg.Length), TestImages.Jpeg, "image/jpeg")).StatusCode);
            keys.Add(key);
        }
        var outside = await UploadAsync(TestImages.Jpeg, "image/jpeg");

        var listed = new List<ListedObject>();
        await foreach (var o in Store.ListAsync(prefix, CancellationToken.None)) listed.Add(o);

        Assert.Equal(keys.Order(), listed.Select(o => o.Key).Order());
        Assert.All(listed, o => Assert.Equal(TestImages.Jpeg.Length, o.Size));
        Assert.All(listed, o => Assert.InRange(o.LastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5)));
        Assert.DoesNotContain(outside, listed.Select(o => o.Key));
    }

    [Fact]
    public async Task Setup_IsIdempotent()
    {
        var first = await Store.SetupAsync(CancellationToken.None);
        var second = await Store.SetupAsync(CancellationToken.None);

        Assert.False(string.IsNullOrWhiteSpace(first));
        Assert.False(string.IsNullOrWhiteSpace(second));
        Assert.True(await Store.IsHealthyAsync(CancellationToken.None));
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(Form(NewKey(), "image/jpeg", TestImages.Jpeg.Length), TestImages.Jpeg, "image/jpeg")).StatusCode);
    }

    // AWS answers SignatureDoesNotMatch (as the embedded store does); RGW AccessDenied.
    private static readonly string[] TamperedCodes = ["SignatureDoesNotMatch", "AccessDenied"];

    private static string FlipOneChar(string value)
    {
        var i = value.Length / 2;
        return value[..i] + (value[i] == 'A' ? 'B' : 'A') + value[(i + 1)..];
    }
}

public sealed class EmbeddedStorageContractTests(GalleryFactory factory) : StorageContractTests<GalleryFactory>(factory);
