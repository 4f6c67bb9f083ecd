using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Uploads;

// HEIC turned on by the operator (it is off by default): checked by its ftyp brands at
// complete like every other type, and kept as uploaded.
public sealed class HeicGalleryFactory() : GalleryFactory(new Dictionary<string, string?>
{
    ["Uploads:AllowedContentTypes:0"] = "image/jpeg",
    ["Uploads:AllowedContentTypes:1"] = "image/heic",
});

public class HeicUploadTests(HeicGalleryFactory factory) : IClassFixture<HeicGalleryFactory>
{
    // The first bytes of an iPhone photo: an ftyp box with major brand heic.
    private static readonly byte[] Heic = [.. new byte[] { 0, 0, 0, 0x18 }, .. "ftypheic\0\0\0\0mif1heic"u8, .. new byte[4000]];

    [Fact]
    public async Task Post_Complete_AcceptsAHeicByItsBrand_AndKeepsItAsUploaded()
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync();

        var (presign, complete) = await client.UploadImageAsync(Heic, "image/heic", "IMG_0001.HEIC");

        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        var image = (await FindImageAsync(factory, presign.Id))!;
        Assert.Equal(ImageStatus.AwaitingReview, image.Status);
        Assert.EndsWith("/original.heic", image.ObjectKey);
        Assert.Equal(Heic.Length, (await StoredAsync(factory, image.ObjectKey))!.Size);
    }

    [Fact]
    public async Task Post_Complete_Returns422_ForAJpegAnnouncedAsHeic()
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync();

        var (_, complete) = await client.UploadImageAsync(TestImages.Jpeg, "image/heic", "fake.heic");

        var problem = await AssertProblemAsync(complete, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("JPEG", problem.GetProperty("detail").GetString());
    }
}
