using System.Net;
using System.Net.Sockets;
using ImageGallery.Web.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace ImageGallery.Tests.Storage;

// Copying a large staging object to its permanent key, and assembling a large multipart
// upload, take storage longer than the 5 s the app gives its other requests (S3 says
// minutes for GiB objects). RGW on loopback answers too fast to show it, so here an
// S3 endpoint that takes 7 s over each answer stands in for a slow real one.
public sealed class S3LongRequestTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(7);

    [Fact]
    public void TimeoutFor_GrowsWithTheSize_FromTheUsualRequestTimeout()
    {
        Assert.Equal(S3ClientFactory.RequestTimeout, S3ClientFactory.TimeoutFor(0));
        Assert.InRange(S3ClientFactory.TimeoutFor(1L << 30).TotalSeconds, 60, 120);
        Assert.True(S3ClientFactory.TimeoutFor(5L << 30) > S3ClientFactory.TimeoutFor(1L << 30));
    }

    [Fact]
    public async Task CopyAndAssembly_OfALargeObject_OutlastTheUsualTimeout_WhileASmallOnesTimeOutAsUnavailable()
    {
        await using var storage = await SlowS3.StartAsync(Delay);
        var options = Options.Create(new StorageOptions
        {
            Provider = StorageProvider.S3,
            S3 = new S3StorageOptions
            {
                ServiceUrl = storage.Url, BucketName = "gallery", ForcePathStyle = true,
                AccessKeyId = "test", SecretAccessKey = "test-secret",
            },
        });
        using var s3 = S3ClientFactory.Create(options.Value.S3);
        using var slow = new S3LongRequests(S3ClientFactory.Create(options.Value.S3, longRunning: true));
        var signer = new S3UploadSigner(options, s3, Microsoft.Extensions.Logging.Abstractions.NullLogger<S3UploadSigner>.Instance);
        var objects = new S3ObjectStore(s3, slow, signer, options, TimeProvider.System);
        var parts = new S3MultipartStore(s3, slow, signer, options);
        const long GiB = 1L << 30;

        var largeCopy = objects.CopyAsync("incoming/u/1/original.png", "users/u/1/original.png", GiB, CancellationToken.None);
        var largeAssembly = parts.CompleteAsync("incoming/u/2/original.png", "upload-2",
            [new StoredPart(1, GiB / 2, "\"a\""), new StoredPart(2, GiB / 2, "\"b\"")], CancellationToken.None);
        var smallCopy = objects.CopyAsync("incoming/u/3/original.png", "users/u/3/original.png", 1024, CancellationToken.None);

        Assert.True(await largeCopy);
        Assert.True(await largeAssembly);
        // The same wait on a small object is a store that does not answer: 503, kept pending.
        await Assert.ThrowsAsync<StorageUnavailableException>(() => smallCopy);
        Assert.Equal(3, storage.Requests);
    }

    // Answers CopyObject and CompleteMultipartUpload, each after the delay.
    private sealed class SlowS3 : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _requests;

        private SlowS3(WebApplication app, string url) => (_app, Url) = (app, url);

        public string Url { get; }
        public int Requests => _requests;

        public static async Task<SlowS3> StartAsync(TimeSpan delay)
        {
            var port = FreePort();
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            var app = builder.Build();
            var storage = new SlowS3(app, $"http://127.0.0.1:{port}");
            app.Run(async context =>
            {
                Interlocked.Increment(ref storage._requests);
                try { await Task.Delay(delay, context.RequestAborted); }
                catch (OperationCanceledException) { return; }
                var at = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
                var xml = context.Request.Query.ContainsKey("uploadId")
                    ? $"<CompleteMultipartUploadResult><Bucket>gallery</Bucket><Key>k</Key><ETag>\"e-2\"</ETag></CompleteMultipartUploadResult>"
                    : $"<CopyObjectResult><LastModified>{at}</LastModified><ETag>\"e\"</ETag></CopyObjectResult>";
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/xml";
                await context.Response.WriteAsync(xml);
            });
            await app.StartAsync();
            return storage;
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
