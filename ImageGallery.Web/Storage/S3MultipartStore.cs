using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Storage;

// S3 multipart uploads through the SDK; part URLs are SigV4 presigned PUTs.
public sealed class S3MultipartStore(IAmazonS3 s3, S3LongRequests slow, S3UploadSigner uploads, IOptions<StorageOptions> options) : IMultipartStore
{
    private readonly S3StorageOptions _o = options.Value.S3;

    private string Bucket => _o.BucketName;

    public Task<string> StartAsync(string key, string contentType, CancellationToken ct) => S3ObjectStore.Guard(async () =>
        (await s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = Bucket,
            Key = key,
            ContentType = contentType,
        }, ct)).UploadId, ct);

    // Signed by the upload identity: see S3UploadSigner for why.
    public Uri GetPartUrl(PartUrlRequest r) => new(uploads.Client.GetPreSignedURL(new GetPreSignedUrlRequest
    {
        BucketName = Bucket,
        Key = r.Key,
        Verb = HttpVerb.PUT,
        UploadId = r.UploadId,
        PartNumber = r.PartNumber,
        Expires = r.ExpiresAt.UtcDateTime,
        Protocol = S3ObjectStore.IsHttp(_o) ? Protocol.HTTP : Protocol.HTTPS,
    }), UriKind.Absolute);

    public Task<IReadOnlyList<StoredPart>?> ListPartsAsync(string key, string uploadId, CancellationToken ct) => S3ObjectStore.Guard(async () =>
    {
        var parts = new List<StoredPart>();
        try
        {
            ListPartsResponse page;
            string? marker = null;
            do
            {
                page = await s3.ListPartsAsync(new ListPartsRequest
                {
                    BucketName = Bucket, Key = key, UploadId = uploadId, PartNumberMarker = marker,
                }, ct);
                parts.AddRange((page.Parts ?? []).Select(p => new StoredPart(p.PartNumber ?? 0, p.Size ?? 0, p.ETag)));
                marker = page.NextPartNumberMarker?.ToString(System.Globalization.CultureInfo.InvariantCulture);
            } while (page.IsTruncated == true && marker is not null);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        return (IReadOnlyList<StoredPart>?)parts.OrderBy(p => p.PartNumber).ToList();
    }, ct);

    public Task<bool> CompleteAsync(string key, string uploadId, IReadOnlyList<StoredPart> parts, CancellationToken ct) => S3ObjectStore.Guard(async () =>
    {
        try
        {
            // Assembly takes longer the larger the object (S3LongRequests).
            using var deadline = S3LongRequests.Deadline(parts.Sum(p => p.Size), ct);
            await slow.Client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = Bucket,
                Key = key,
                UploadId = uploadId,
                PartETags = parts.Select(p => new PartETag(p.PartNumber, p.ETag)).ToList(),
            }, deadline.Token);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
        {
            // NoSuchUpload, InvalidPart, InvalidPartOrder, EntityTooSmall.
            return false;
        }
    }, ct);

    public Task AbortAsync(string key, string uploadId, CancellationToken ct) => S3ObjectStore.Guard(async () =>
    {
        try
        {
            await s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = Bucket, Key = key, UploadId = uploadId }, ct);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
        }
        return true;
    }, ct);
}
