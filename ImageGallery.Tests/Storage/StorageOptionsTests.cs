using ImageGallery.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace ImageGallery.Tests.Storage;

// S3 settings the app refuses to start with, each named in the message.
public class StorageOptionsTests
{
    [Theory]
    [InlineData("Storage:S3:AccessKeyId", "AKIDONLY", "Storage:S3:SecretAccessKey")]
    [InlineData("Storage:S3:UploadAccessKeyId", "UPLOADONLY", "Storage:S3:UploadSecretAccessKey")]
    [InlineData("Storage:S3:UploadSecretAccessKey", "secret-only", "Storage:S3:UploadAccessKeyId")]
    [InlineData("Storage:S3:ServiceUrl", "not a url", "Storage:S3:ServiceUrl")]
    public void AnIncompleteS3Setting_StopsTheApp_WithAMessageNamingIt(string key, string value, string named)
    {
        using var factory = new GalleryFactory()
            .With("Storage:Provider", "S3")
            .With("Storage:S3:BucketName", "gallery")
            .With(key, value);

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains(named, error.Message);
    }
}
