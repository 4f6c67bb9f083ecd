using Amazon.S3;

namespace ImageGallery.Web.Storage;

// The S3 client for requests whose time on storage's side grows with the object
// (S3ClientFactory.TimeoutFor): CopyObject at complete, CompleteMultipartUpload. The
// usual client's 5 s would cut a GiB copy short and call a healthy store unavailable;
// worse, an assembly S3 finished after the client gave up would look like a vanished
// upload on the retry.
public sealed class S3LongRequests(IAmazonS3 client) : IDisposable
{
    public IAmazonS3 Client { get; } = client;

    // ct, cancelled also once the time an operation on `bytes` may take has passed.
    public static CancellationTokenSource Deadline(long bytes, CancellationToken ct)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(S3ClientFactory.TimeoutFor(bytes));
        return deadline;
    }

    public void Dispose() => Client.Dispose();
}
