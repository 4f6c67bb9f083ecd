using System.Net;
using System.Net.Sockets;
using Amazon.S3;
using Amazon.S3.Model;
using ImageGallery.Web.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageGallery.Tests.Infrastructure;

// The app with Storage:Provider=S3 against the RADOS Gateway that scripts/test.sh
// starts, in a bucket of its own that `storage setup` creates, deleted afterwards.
public class S3GalleryFactory : GalleryFactory
{
    // Origins the bucket's CORS rule allows: the test server's and one "production" one.
    public static readonly string[] CorsOrigins = ["http://localhost", "https://gallery.example"];

    private readonly S3StorageOptions _s3;
    private readonly bool _setUp;

    public S3GalleryFactory() : this(FromEnvironment(), setUp: true) { }

    private S3GalleryFactory(S3StorageOptions s3, bool setUp) : base(ToSettings(s3))
    {
        _s3 = s3;
        _setUp = setUp;
    }

    // Configured like the others, but pointed at a loopback port nothing listens on.
    // Needs no gateway at all.
    public static S3GalleryFactory Unreachable() => new(new S3StorageOptions
    {
        BucketName = "unreachable",
        ServiceUrl = $"http://127.0.0.1:{ClosedPort()}",
        ForcePathStyle = true,
        AccessKeyId = "UNREACHABLEKEY",
        SecretAccessKey = "unreachable-secret",
    }, setUp: false);

    public string BucketName => _s3.BucketName;

    public S3StorageOptions S3Options => _s3;

    internal static S3StorageOptions FromEnvironment()
    {
        string Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } v
            ? v
            : throw new InvalidOperationException(
                $"The S3 tests need the RADOS Gateway and its settings in the environment ({name} is not set). " +
                "Run them with scripts/test.sh, which starts RGW and exports S3_SERVICE_URL, S3_ACCESS_KEY, " +
                "S3_SECRET_KEY, S3_UPLOAD_ACCESS_KEY, S3_UPLOAD_SECRET_KEY and S3_REGION; or run scripts/s3-rgw-up.sh and `set -a; . $D/env; set +a` first.");

        return new S3StorageOptions
        {
            BucketName = "t-" + Guid.NewGuid().ToString("N")[..12],
            ServiceUrl = Env("S3_SERVICE_URL"),
            Region = Env("S3_REGION"),
            ForcePathStyle = true,
            AccessKeyId = Env("S3_ACCESS_KEY"),
            SecretAccessKey = Env("S3_SECRET_KEY"),
            // The write-only identity that signs forms and part URLs, as production should run.
            UploadAccessKeyId = Env("S3_UPLOAD_ACCESS_KEY"),
            UploadSecretAccessKey = Env("S3_UPLOAD_SECRET_KEY"),
            CorsOrigins = CorsOrigins,
        };
    }

    internal static Dictionary<string, string?> ToSettings(S3StorageOptions s3)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "S3",
            ["Storage:S3:BucketName"] = s3.BucketName,
            ["Storage:S3:ServiceUrl"] = s3.ServiceUrl,
            ["Storage:S3:Region"] = s3.Region,
            ["Storage:S3:ForcePathStyle"] = "true",
            ["Storage:S3:AccessKeyId"] = s3.AccessKeyId,
            ["Storage:S3:SecretAccessKey"] = s3.SecretAccessKey,
            ["Storage:S3:UploadAccessKeyId"] = s3.UploadAccessKeyId,
            ["Storage:S3:UploadSecretAccessKey"] = s3.UploadSecretAccessKey,
        };
        for (var i = 0; i < s3.CorsOrigins.Length; i++) settings[$"Storage:S3:CorsOrigins:{i}"] = s3.CorsOrigins[i];
        return settings;
    }

    // The bucket is made by the app's own setup, as an operator would.
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        if (_setUp)
            host.Services.GetRequiredService<IObjectStore>().SetupAsync(CancellationToken.None).GetAwaiter().GetResult();
        return host;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _setUp) DeleteBucketAsync(_s3).GetAwaiter().GetResult();
    }

    // The app's client is gone with the host by now: a client of our own.
    internal static async Task DeleteBucketAsync(S3StorageOptions options)
    {
        var bucket = options.BucketName;
        using var s3 = S3ClientFactory.Create(options);
        try
        {
            ListObjectsV2Response page;
            do
            {
                page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
                if (page.S3Objects is { Count: > 0 } objects)
                    await s3.DeleteObjectsAsync(new DeleteObjectsRequest
                    {
                        BucketName = bucket,
                        Objects = objects.Select(o => new KeyVersion { Key = o.Key }).ToList(),
                    });
            } while (page.IsTruncated == true);
            await s3.DeleteBucketAsync(bucket);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // Never created (the host did not start): nothing to clean.
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
