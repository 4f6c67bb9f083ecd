using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Storage;

// Amazon S3 or an S3-compatible server (Ceph RGW, MinIO). Forms and URLs are signed by
// the SDK (SigV4), never by hand; the browser talks to the bucket directly.
public sealed class S3ObjectStore(IAmazonS3 s3, S3LongRequests slow, S3UploadSigner uploads, IOptions<StorageOptions> options, TimeProvider time) : IObjectStore
{
    private const string AbortMultipartRuleId = "abort-incomplete-multipart-uploads";
    private const string ExpireStagingRuleId = "expire-staging-uploads";
    private const int StagingExpiryDays = 1;
    private const int CorsMaxAgeSeconds = 3600;

    // Beyond 7 days the SDK silently falls back to SigV2 for GET URLs; S3 caps SigV4 there.
    private static readonly TimeSpan MaxViewUrlLifetime = TimeSpan.FromDays(7);

    private readonly S3StorageOptions _o = options.Value.S3;

    private string Bucket => _o.BucketName;

    public PresignedForm CreateUploadForm(UploadFormRequest r)
    {
        // Key and every field become "eq" conditions of the signed policy; the size is
        // pinned exactly, so the object is the declared one or nothing.
        var response = uploads.Client.CreatePresignedPost(new CreatePresignedPostRequest
        {
            BucketName = Bucket,
            Key = r.Key,
            Expires = r.ExpiresAt.UtcDateTime,
            Fields = new Dictionary<string, string>
            {
                ["Content-Type"] = r.ContentType,
                ["success_action_status"] = "201",
            },
            Conditions = [S3PostCondition.ContentLengthRange(r.Size, r.Size)],
        });
        return new PresignedForm(response.Url, response.Fields);
    }

    public Task<StoredObject?> GetInfoAsync(string key, CancellationToken ct) => Guard(async () =>
    {
        try
        {
            var meta = await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Bucket, Key = key }, ct);
            return new StoredObject(meta.ContentLength, meta.Headers.ContentType);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return (StoredObject?)null;
        }
    }, ct);

    // A ranged GET answers 206 with the total size in Content-Range ("bytes 0-31/5323")
    // and the stored Content-Type, so one request does what HEAD + GET did.
    public Task<ObjectHead?> ReadHeadAsync(string key, int count, CancellationToken ct) => Guard(async () =>
    {
        try
        {
            using var response = await s3.GetObjectAsync(new GetObjectRequest
            {
                BucketName = Bucket,
                Key = key,
                ByteRange = new ByteRange(0, count - 1),
            }, ct);
            var buffer = new byte[count];
            var total = 0;
            int read;
            while (total < count && (read = await response.ResponseStream.ReadAsync(buffer.AsMemory(total), ct)) > 0)
                total += read;
            var size = TotalSize(response.ContentRange) ?? response.ContentLength;
            return new ObjectHead(size, response.Headers.ContentType, buffer[..total]);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // Only an empty object has no byte 0.
            return await GetInfoAsync(key, ct) is { } info ? new ObjectHead(info.Size, info.ContentType, []) : null;
        }
    }, ct);

    private static long? TotalSize(string? contentRange) =>
        contentRange?.LastIndexOf('/') is int slash and >= 0 &&
        long.TryParse(contentRange.AsSpan(slash + 1), out var total) ? total : null;

    public Task DeleteAsync(string key, CancellationToken ct) =>
        Guard(() => s3.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Bucket, Key = key }, ct), ct);

    // MetadataDirective COPY keeps the Content-Type the form pinned. S3 copies are
    // atomic for readers: the destination is the old object or the whole new one. Given
    // the time its size needs (S3LongRequests); past that, storage counts as unavailable.
    public Task<bool> CopyAsync(string sourceKey, string destinationKey, long size, CancellationToken ct) => Guard(async () =>
    {
        try
        {
            using var deadline = S3LongRequests.Deadline(size, ct);
            await slow.Client.CopyObjectAsync(new CopyObjectRequest
            {
                SourceBucket = Bucket,
                SourceKey = sourceKey,
                DestinationBucket = Bucket,
                DestinationKey = destinationKey,
                MetadataDirective = S3MetadataDirective.COPY,
            }, deadline.Token);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }, ct);

    public async IAsyncEnumerable<ListedObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken ct)
    {
        string? token = null;
        do
        {
            var page = await Guard(() => s3.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = Bucket,
                Prefix = prefix,
                ContinuationToken = token,
            }, ct), ct);
            foreach (var o in page.S3Objects ?? [])
                yield return new ListedObject(o.Key, o.Size ?? 0,
                    o.LastModified is { } at ? new DateTimeOffset(at.ToUniversalTime(), TimeSpan.Zero) : DateTimeOffset.MinValue);
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        } while (token is not null);
    }

    public Uri GetViewUrl(ViewUrlRequest r)
    {
        var latest = time.GetUtcNow() + MaxViewUrlLifetime;
        var expires = r.ExpiresAt < latest ? r.ExpiresAt : latest;
        var url = s3.GetPreSignedURL(new GetPreSignedUrlRequest
        {
            BucketName = Bucket,
            Key = r.Key,
            Verb = HttpVerb.GET,
            Expires = expires.UtcDateTime,
            // The SDK defaults to https even when the ServiceUrl is http.
            Protocol = IsHttp(_o) ? Protocol.HTTP : Protocol.HTTPS,
            ResponseHeaderOverrides = new ResponseHeaderOverrides
            {
                ContentType = r.ContentType,
                ContentDisposition = StorageHeaders.Disposition(r.FileName, r.Download),
                CacheControl = StorageHeaders.CacheControl(r.MaxAge),
            },
        });
        return new Uri(url, UriKind.Absolute);
    }

    internal static bool IsHttp(S3StorageOptions o) =>
        Uri.TryCreate(o.ServiceUrl, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttp;

    public async Task<bool> IsHealthyAsync(CancellationToken ct)
    {
        try
        {
            await Guard(() => s3.HeadBucketAsync(new HeadBucketRequest { BucketName = Bucket }, ct), ct);
            return true;
        }
        catch (AmazonS3Exception)
        {
            // Reachable, but the bucket is missing or we may not use it.
            return false;
        }
    }

    public Task<string> SetupAsync(CancellationToken ct) => Guard(async () =>
    {
        var created = await CreateBucketIfMissingAsync(ct);

        string cors;
        if (_o.CorsOrigins.Length == 0)
        {
            cors = "CORS left alone (Storage:S3:CorsOrigins is empty)";
        }
        else
        {
            await s3.PutCORSConfigurationAsync(new PutCORSConfigurationRequest
            {
                BucketName = Bucket,
                Configuration = new CORSConfiguration
                {
                    Rules =
                    [
                        new CORSRule
                        {
                            Id = "gallery-browser-uploads",
                            AllowedOrigins = [.. _o.CorsOrigins],
                            // PUT: the parts of a multipart upload.
                            AllowedMethods = ["POST", "PUT", "GET", "HEAD"],
                            AllowedHeaders = ["*"],
                            // A part's ETag; the POST answer itself has none on RGW.
                            ExposeHeaders = ["ETag"],
                            MaxAgeSeconds = CorsMaxAgeSeconds,
                        },
                    ],
                },
            }, ct);
            cors = $"CORS for {string.Join(", ", _o.CorsOrigins)}";
        }

        // A multipart upload left half-done (the sweeper aborts those it has records for;
        // a crash between start and record leaves one it has not) would otherwise be
        // billed forever: its parts are invisible to listings.
        await s3.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
        {
            BucketName = Bucket,
            Configuration = new LifecycleConfiguration
            {
                Rules =
                [
                    new LifecycleRule
                    {
                        Id = AbortMultipartRuleId,
                        Status = LifecycleRuleStatus.Enabled,
                        Filter = new LifecycleFilter { LifecycleFilterPredicate = new LifecyclePrefixPredicate { Prefix = "" } },
                        AbortIncompleteMultipartUpload = new LifecycleRuleAbortIncompleteMultipartUpload { DaysAfterInitiation = 1 },
                    },
                    // Whatever a form writes lands under incoming/ and is copied out at
                    // complete; what is left there (a re-sent form, an upload never
                    // completed) is never served, so the bucket drops it on its own too.
                    new LifecycleRule
                    {
                        Id = ExpireStagingRuleId,
                        Status = LifecycleRuleStatus.Enabled,
                        Filter = new LifecycleFilter { LifecycleFilterPredicate = new LifecyclePrefixPredicate { Prefix = Uploads.ObjectKeys.StagingRoot } },
                        Expiration = new LifecycleRuleExpiration { Days = StagingExpiryDays },
                    },
                ],
            },
        }, ct);

        return $"S3 bucket {Bucket} {(created ? "created" : "exists")}; {cors}; lifecycle aborts incomplete multipart uploads after 1 day and expires {Uploads.ObjectKeys.StagingRoot} objects after {StagingExpiryDays} day.";
    }, ct);

    private async Task<bool> CreateBucketIfMissingAsync(CancellationToken ct)
    {
        try
        {
            await s3.HeadBucketAsync(new HeadBucketRequest { BucketName = Bucket }, ct);
            return false;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
        }

        var put = new PutBucketRequest { BucketName = Bucket };
        // AWS wants a LocationConstraint outside us-east-1; S3-compatible servers
        // have their own zone names and refuse AWS's.
        if (string.IsNullOrEmpty(_o.ServiceUrl) && _o.Region != "us-east-1")
            put.BucketRegionName = _o.Region;
        try
        {
            await s3.PutBucketAsync(put, ct);
            return true;
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "BucketAlreadyOwnedByYou")
        {
            return false;
        }
    }

    // Network failures, timeouts and server errors mean "try later" to callers
    // (complete answers 503 and keeps the image Pending); anything else is a bug or a
    // misconfiguration and propagates as is.
    internal static async Task<T> Guard<T>(Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (IsUnavailable(e, ct))
        {
            throw new StorageUnavailableException("The object store cannot be reached.", e);
        }
    }

    private static Task Guard(Func<Task> call, CancellationToken ct) =>
        Guard(async () => { await call(); return true; }, ct);

    private static bool IsUnavailable(Exception e, CancellationToken ct) => e switch
    {
        FileNotFoundException => false,
        OperationCanceledException => !ct.IsCancellationRequested,
        AmazonServiceException s when (int)s.StatusCode >= 500 => true,
        AmazonServiceException s when s.StatusCode == 0 => true,
        HttpRequestException or IOException or SocketException or TimeoutException => true,
        AmazonClientException { InnerException: { } inner } => IsUnavailable(inner, ct),
        _ => e.InnerException is HttpRequestException or SocketException or IOException,
    };
}
