using System.Net;
using ImageGallery.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Uploads;

public class UploadOptionsTests
{
    [Theory]
    [InlineData("Uploads:AllowedContentTypes:0", "image/svg+xml", "Uploads:AllowedContentTypes")]
    [InlineData("Uploads:AllowedContentTypes:0", "text/html", "Uploads:AllowedContentTypes")]
    [InlineData("Uploads:MaxBytes", "0", "Uploads:MaxBytes")]
    [InlineData("Uploads:MaxBytes", "6000000000", "Uploads:MaxBytes")]
    [InlineData("Uploads:MaxThumbnailBytes", "100", "Uploads:MaxThumbnailBytes")]
    [InlineData("Uploads:MaxDisplayBytes", "1000", "Uploads:MaxDisplayBytes")]
    [InlineData("Uploads:MaxDisplayBytes", "30000000", "Uploads:MaxDisplayBytes")]
    [InlineData("Gallery:DisplaySize", "100", "Gallery:DisplaySize")]
    [InlineData("Gallery:DisplaySize", "10000", "Gallery:DisplaySize")]
    [InlineData("Uploads:MultipartThresholdBytes", "5242879", "Uploads:MultipartThresholdBytes")]
    [InlineData("Uploads:MultipartPartBytes", "1048576", "Uploads:MultipartPartBytes")]
    [InlineData("Uploads:MaxMultipartBytes", "6291456", "Uploads:MaxMultipartBytes")]
    [InlineData("Uploads:MaxImagesPerUser", "0", "Uploads:MaxImagesPerUser")]
    [InlineData("Uploads:MaxBytesPerUser", "1000", "Uploads:MaxBytesPerUser")]
    [InlineData("Uploads:FormLifetime", "00:00:30", "Uploads:FormLifetime")]
    [InlineData("Uploads:FormLifetime", "02:00:00", "Uploads:FormLifetime")]
    [InlineData("Uploads:AbandonedGrace", "00:00:00", "Uploads:AbandonedGrace")]
    [InlineData("Uploads:SweepInterval", "00:00:01", "Uploads:SweepInterval")]
    [InlineData("RateLimiting:Presign:TokenLimit", "0", "RateLimiting:Presign:TokenLimit")]
    [InlineData("RateLimiting:Presign:TokensPerPeriod", "1000", "RateLimiting:Presign:TokensPerPeriod")]
    [InlineData("RateLimiting:Anonymous:ReplenishmentPeriod", "00:00:00", "RateLimiting:Anonymous:ReplenishmentPeriod")]
    public void ABadSetting_StopsTheApp_WithAMessageNamingIt(string key, string value, string named)
    {
        using var factory = new GalleryFactory().With(key, value);
        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void ADisplaySizeNotLargerThanTheThumbnailSize_StopsTheApp()
    {
        using var factory = new GalleryFactory().With("Gallery:ThumbnailSize", "1024").With("Gallery:DisplaySize", "1024");
        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains("Gallery:DisplaySize must be larger than Gallery:ThumbnailSize", error.Message);
    }

    [Fact]
    public async Task AllowedContentTypes_ReplacesTheDefaults_WhenConfigured()
    {
        using var factory = new GalleryFactory().With("Uploads:AllowedContentTypes:0", "image/jpeg");
        using var client = await factory.CreateGalleryClient().SignUpAsync();

        Assert.Equal(HttpStatusCode.Created, (await client.PresignAsync(Request("a.jpg", "image/jpeg"))).StatusCode);
        await AssertProblemAsync(await client.PresignAsync(Request("a.png", "image/png")), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task FormLifetime_SetsTheFormsExpiry()
    {
        using var factory = new GalleryFactory().With("Uploads:FormLifetime", "00:30:00");
        using var client = await factory.CreateGalleryClient().SignUpAsync();

        var presign = await client.PresignOkAsync(Request());

        Assert.InRange(presign.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
    }
}
