using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace ImageGallery.Web.Storage;

public static class S3ClientFactory
{
    // Requests the app makes itself are small (HEAD, a 16-byte range, DELETE): when the
    // store is down, /health and complete should say so in seconds, not minutes.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);
    private const int MaxRetries = 1;

    public static AmazonS3Client Create(S3StorageOptions o)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = o.ForcePathStyle,
            Timeout = RequestTimeout,
            ConnectTimeout = ConnectTimeout,
            RetryMode = RequestRetryMode.Standard,
            MaxErrorRetry = MaxRetries,
            // The SDK's default flexible checksums (CRC32 trailers) are AWS-only; RGW
            // refuses PutObject with them. Forms are unaffected either way.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrEmpty(o.ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(o.Region);
        }
        else
        {
            // Setting ServiceURL clears RegionEndpoint, so the signing region is given apart.
            config.ServiceURL = o.ServiceUrl;
            config.AuthenticationRegion = o.Region;
        }

        return string.IsNullOrEmpty(o.AccessKeyId)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(o.AccessKeyId, o.SecretAccessKey), config);
    }
}
