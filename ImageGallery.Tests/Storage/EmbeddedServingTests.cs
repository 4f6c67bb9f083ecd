using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Storage;
using Microsoft.Extensions.DependencyInjection;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Storage;

// The embedded store's own promises: its secret is strong, and its GET serves only images.
public class EmbeddedServingTests(GalleryFactory factory) : IClassFixture<GalleryFactory>
{
    [Theory]
    [InlineData("")]
    [InlineData("c2hvcnQgc2VjcmV0IG9mIDI0IGJ5dGVzISEh")]    // 24 bytes
    [InlineData("not base64 at all")]
    public void Start_IsRefused_WhenTheSigningSecretIsShorterThan32Bytes(string secret)
    {
        using var app = new GalleryFactory();
        Directory.CreateDirectory(app.DataDirectory);
        var path = Path.Combine(app.DataDirectory, "storage.secret");
        File.WriteAllText(path, secret);

        var error = Assert.Throws<InvalidOperationException>(() => app.CreateClient());
        Assert.Contains(path, error.Message);
        Assert.Contains("at least 32", error.Message);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("image/svg+xml")]
    [InlineData("application/octet-stream")]
    public async Task Get_RefusesATypeTheGalleryDoesNotStore_EvenWhenTheUrlIsSigned(string contentType)
    {
        var store = factory.Services.GetRequiredService<IObjectStore>();
        var key = await UploadAsync(store);
        var url = store.GetViewUrl(new ViewUrlRequest(key, contentType, "page.html", false,
            DateTimeOffset.UtcNow.AddMinutes(5), TimeSpan.FromMinutes(5)));

        var response = await factory.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.NotEqual(contentType, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_ServesAnImage_WithNosniff_AndAContentDisposition()
    {
        var store = factory.Services.GetRequiredService<IObjectStore>();
        var key = await UploadAsync(store);
        var url = store.GetViewUrl(new ViewUrlRequest(key, "image/jpeg", "cat.jpg", false,
            DateTimeOffset.UtcNow.AddMinutes(5), TimeSpan.FromMinutes(5)));

        var response = await factory.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("inline", response.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task Upload_RefusesABodyLargerThanItsPolicy_BeforeReadingTheFile()
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync();
        var presign = await client.PresignOkAsync(Request(size: TestImages.Jpeg.Length));
        // A file part far larger than the form allows: the length alone says so.
        var response = await client.UploadAsync(presign.Upload, new byte[256 * 1024], "image/jpeg");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("EntityTooLarge", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await client.CompleteAsync(presign.Id)).StatusCode);
    }

    private async Task<string> UploadAsync(IObjectStore store)
    {
        var key = $"users/serving/{Guid.NewGuid():N}/original.jpg";
        var form = store.CreateUploadForm(new UploadFormRequest(key, "image/jpeg", TestImages.Jpeg.Length, DateTimeOffset.UtcNow.AddMinutes(5)));
        var response = await TestImages.PostAsync(factory.CreateClient(), form, TestImages.Jpeg, "image/jpeg");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return key;
    }
}
