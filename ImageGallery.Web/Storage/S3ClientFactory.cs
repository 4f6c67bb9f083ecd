using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace ImageGallery.Web.Storage;

public static class S3ClientFactory
{
    // Requests the app makes itself are small (HEAD, a 16-byte range, DELETE): when the
    // store is down, /health and complete should say so in seconds, not minutes.
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);
    // Except the two whose work on storage's side grows with the object: copying the
    // staging object to its permanent key, and assembling a multipart upload (S3 says
    // either may take minutes for large objects). Those run on a second client without a
    // timeout of its own, each bounded by TimeoutFor(its size) instead.
    private const long SlowestCopyBytesPerSecond = 16L * 1024 * 1024;

    // The short timeout, plus a second per 16 MiB: 69 s for 1 GiB, 325 s for S3's 5 GiB.
    public static TimeSpan TimeoutFor(long bytes) =>
        RequestTimeout + TimeSpan.FromSeconds((double)Math.Max(0, bytes) / SlowestCopyBytesPerSecond);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);
    private const int MaxRetries = 1;

    // longRunning: the client for copies and assembly, bounded per request by the caller.
    // credentials: another identity's (the upload identity's, S3UploadSigner); otherwise the
    // app's own.
    public static AmazonS3Client Create(S3StorageOptions o, bool longRunning = false, AWSCredentials? credentials = null)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = o.ForcePathStyle,
            Timeout = longRunning ? Timeout.InfiniteTimeSpan : RequestTimeout,
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

        if (credentials is not null) return new AmazonS3Client(credentials, config);
        return string.IsNullOrEmpty(o.AccessKeyId)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(o.AccessKeyId, o.SecretAccessKey), config);
    }
}
