using System.Net;
using System.Xml.Linq;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ImageGallery.Tests.Storage;

// The embedded store's part endpoint is anonymous: the signed URL is its whole
// authority, and everything it can refuse is refused before the body is read.
public class EmbeddedPartEndpointTests(GalleryFactory factory) : IClassFixture<GalleryFactory>
{
    private const long Max = 1024;

    private IMultipartStore Parts => factory.Services.GetRequiredService<IMultipartStore>();

    private async Task<(string Key, string UploadId)> StartAsync()
    {
        var key = $"incoming/contract/{Guid.NewGuid():N}/original.jpg";
        return (key, await Parts.StartAsync(key, "image/jpeg", CancellationToken.None));
    }

    private string Url(string key, string uploadId, int part = 1, long max = Max, TimeSpan? lifetime = null) =>
        Parts.GetPartUrl(new PartUrlRequest(key, uploadId, part, max, DateTimeOffset.UtcNow + (lifetime ?? TimeSpan.FromMinutes(5)))).OriginalString;

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, XDocument.Parse(await response.Content.ReadAsStringAsync()).Root?.Element("Code")?.Value);
    }

    [Fact]
    public async Task PutPart_StoresThePart_WithItsMd5AsETag_AndAPutAgainReplacesIt()
    {
        var (key, id) = await StartAsync();
        using var app = factory.CreateClient();

        var first = await app.PutAsync(Url(key, id), new ByteArrayContent("first"u8.ToArray()));
        var second = await app.PutAsync(Url(key, id), new ByteArrayContent("second"u8.ToArray()));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"" + Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData("second"u8.ToArray())) + "\"", second.Headers.ETag?.Tag);
        var listed = Assert.Single((await Parts.ListPartsAsync(key, id, CancellationToken.None))!);
        Assert.Equal((1, 6L, second.Headers.ETag!.Tag), (listed.PartNumber, listed.Size, listed.ETag));
    }

    [Fact]
    public async Task PutPart_RefusesATamperedUrl_AnExpiredOne_AndAnotherPartNumber()
    {
        var (key, id) = await StartAsync();
        using var app = factory.CreateClient();
        var body = new ByteArrayContent([1, 2, 3]);

        await AssertRefusedAsync(await app.PutAsync(Url(key, id).Replace("max=1024", "max=999999"), body), HttpStatusCode.Forbidden, "SignatureDoesNotMatch");
        await AssertRefusedAsync(await app.PutAsync(Url(key, id).Replace("/1?", "/2?"), body), HttpStatusCode.Forbidden, "SignatureDoesNotMatch");
        await AssertRefusedAsync(await app.PutAsync(Url(key, id, lifetime: TimeSpan.FromSeconds(-5)), body), HttpStatusCode.Forbidden, "AccessDenied");
        Assert.Empty((await Parts.ListPartsAsync(key, id, CancellationToken.None))!);
    }

    [Fact]
    public async Task PutPart_RefusesABodyOverTheSignedMaximum_OrWithoutALength_BeforeReadingIt()
    {
        var (key, id) = await StartAsync();
        using var app = factory.CreateClient();

        await AssertRefusedAsync(await app.PutAsync(Url(key, id), new ByteArrayContent(new byte[Max + 1])), HttpStatusCode.BadRequest, "EntityTooLarge");
        // Chunked: no Content-Length to check against the limit.
        var chunked = new StreamContent(new MemoryStream(new byte[10]));
        using var request = new HttpRequestMessage(HttpMethod.Put, Url(key, id)) { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await AssertRefusedAsync(await app.SendAsync(request), HttpStatusCode.LengthRequired, "MissingContentLength");
        Assert.Empty((await Parts.ListPartsAsync(key, id, CancellationToken.None))!);
    }

    [Fact]
    public async Task Complete_AssemblesThePartsInOrder_AndTheUploadIdIsThenSpent()
    {
        var (key, id) = await StartAsync();
        var url1 = Url(key, id, 1, 6 * 1024 * 1024);
        using var app = factory.CreateClient();
        var one = new byte[5 * 1024 * 1024];
        Random.Shared.NextBytes(one);
        Assert.Equal(HttpStatusCode.OK, (await app.PutAsync(url1, new ByteArrayContent(one))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.PutAsync(Url(key, id, 2), new ByteArrayContent([7, 8, 9]))).StatusCode);
        var parts = (await Parts.ListPartsAsync(key, id, CancellationToken.None))!;

        Assert.True(await Parts.CompleteAsync(key, id, parts, CancellationToken.None));

        var head = (await factory.Services.GetRequiredService<IObjectStore>().ReadHeadAsync(key, 4, CancellationToken.None))!;
        Assert.Equal((one.Length + 3L, "image/jpeg"), (head.Size, head.ContentType));
        Assert.Equal(one[..4], head.Prefix);
        Assert.False(await Parts.CompleteAsync(key, id, parts, CancellationToken.None));
        Assert.Null(await Parts.ListPartsAsync(key, id, CancellationToken.None));
        await AssertRefusedAsync(await app.PutAsync(url1, new ByteArrayContent([1])), HttpStatusCode.NotFound, "NoSuchUpload");
    }
}
