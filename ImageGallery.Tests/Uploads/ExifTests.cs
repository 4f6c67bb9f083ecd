using System.Net;
using ImageGallery.Tests.Infrastructure;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Uploads;

// Date taken and camera facts sent with the presign: checked as untrusted input, stored,
// shown on the image page; a GPS position kept only when its owner turned that on.
public class ExifTests(GalleryFactory factory) : IClassFixture<GalleryFactory>
{
    private static readonly object GoodExif = new
    {
        takenAt = "2019-07-14T09:41:05", make = "Canon", model = "Canon EOS R6", lens = "RF24-105mm F4 L IS USM",
        exposureTime = 0.004, fNumber = 2.8, iso = 400, focalLength = 50.0, orientation = 1,
        hasGps = true, latitude = 51.50072, longitude = -0.12462,
    };

    [Theory]
    [InlineData("takenAt", "1825-12-31T23:59:59")]
    [InlineData("takenAt", "2999-01-01T00:00:00")]
    [InlineData("takenAt", "14/07/2019 09:41")]
    [InlineData("make", "a-make-name-that-goes-on-and-on-far-past-what-any-camera-maker-writes")]
    [InlineData("model", "EOS\u202Egpj")]
    [InlineData("orientation", 9)]
    [InlineData("iso", 0)]
    [InlineData("exposureTime", -1.0)]
    [InlineData("latitude", 91.0)]
    public async Task Post_Presign_Returns400WithAFieldError_ForABadExifValue(string field, object value)
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync();
        var body = Request();
        body["exif"] = new Dictionary<string, object> { [field] = value, ["longitude"] = 0.0 };
        if (field == "latitude") ((Dictionary<string, object>)body["exif"]!)["latitude"] = value;

        var problem = await AssertProblemAsync(await client.PresignAsync(body), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty($"exif.{field}", out _), problem.ToString());
    }

    [Fact]
    public async Task Post_Presign_WithExif_StoresTheFacts_WithoutThePosition_AndTheImagePageShowsThem()
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync();

        var id = await UploadWithExifAsync(client);

        var stored = (await FindImageAsync(factory, id))!;
        Assert.Equal(new DateTime(2019, 7, 14, 9, 41, 5), stored.TakenAt);
        Assert.Equal(stored.TakenAt, stored.SortKey);
        Assert.True(stored.Facts!.HasGps);
        Assert.Null(stored.Facts.Latitude);
        Assert.Null(stored.Facts.Longitude);
        var page = await client.GetPageAsync($"/images/{id}");
        Assert.Equal("2019-07-14 09:41", page.QuerySelector(".image-taken")!.TextContent.Trim());
        Assert.Equal("Canon EOS R6", page.QuerySelector(".image-camera")!.TextContent.Trim());
        Assert.Equal("RF24-105mm F4 L IS USM", page.QuerySelector(".image-lens")!.TextContent.Trim());
        Assert.Equal("1/250 s · f/2.8 · ISO 400 · 50 mm", page.QuerySelector(".image-exposure")!.TextContent.Trim());
        Assert.StartsWith("In the file, not kept.", page.QuerySelector(".image-location")!.TextContent.Trim());
    }

    [Fact]
    public async Task Post_Presign_KeepsThePosition_OnlyAfterItsOwnerTurnsThatOn()
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync();
        var settings = await client.GetPageAsync("/Identity/Account/Manage/Photos");
        Assert.Null(settings.QuerySelector("#Input_KeepPhotoLocation")!.GetAttribute("checked"));

        var saved = await client.SubmitFormAsync("/Identity/Account/Manage/Photos",
            new Dictionary<string, string> { ["Input.KeepPhotoLocation"] = "true" }, "#photos-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.NotNull((await client.GetPageAsync("/Identity/Account/Manage/Photos")).QuerySelector("#Input_KeepPhotoLocation")!.GetAttribute("checked"));

        var id = await UploadWithExifAsync(client);
        var stored = (await FindImageAsync(factory, id))!;
        Assert.Equal(51.50072, stored.Facts!.Latitude);
        Assert.Equal(-0.12462, stored.Facts.Longitude);
        Assert.Equal("51.50072, -0.12462", (await client.GetPageAsync($"/images/{id}")).QuerySelector(".image-location")!.TextContent.Trim());
    }

    [Fact]
    public async Task Post_Presign_WithoutExif_SortsByUploadTime()
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync();
        var (presign, complete) = await client.UploadImageAsync(TestImages.Jpeg, "image/jpeg");
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        var stored = (await FindImageAsync(factory, presign.Id))!;
        Assert.Null(stored.TakenAt);
        Assert.Null(stored.Facts);
        Assert.Equal(stored.CreatedAt, stored.SortKey);
    }

    private static async Task<Guid> UploadWithExifAsync(GalleryClient client)
    {
        var bytes = TestImages.Jpeg;
        var body = Request(size: bytes.Length);
        body["exif"] = GoodExif;
        var presign = await client.PresignOkAsync(body);
        await client.UploadOkAsync(presign.Upload, bytes, "image/jpeg");
        Assert.Equal(HttpStatusCode.OK, (await client.CompleteAsync(presign.Id)).StatusCode);
        return presign.Id;
    }
}
