using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Storage;

// Signs what the browser sends to the bucket (POST forms, multipart part URLs) with the
// upload identity when one is configured (Storage:S3:UploadAccessKeyId), else with the
// app's own. A part URL signs the method, key, upload id and part number, not the headers
// a client adds: a part PUT that adds x-amz-copy-source becomes UploadPartCopy, which
// copies any object the signer can read into the upload (Ceph RGW takes it; AWS refuses
// unsigned x-amz-* headers). Signed by an identity that can only write, such a copy is
// refused, so a part URL can never pull in someone else's image (README "The upload
// identity"). Nothing else is done with this client.
public sealed class S3UploadSigner
{
    public S3UploadSigner(IOptions<StorageOptions> options, IAmazonS3 app, ILogger<S3UploadSigner> logger)
    {
        var o = options.Value.S3;
        if (o.UploadAccessKeyId is { Length: > 0 } id)
        {
            Client = S3ClientFactory.Create(o, credentials: new BasicAWSCredentials(id, o.UploadSecretAccessKey));
            return;
        }
        Client = app;
        if (!string.IsNullOrEmpty(o.ServiceUrl))
            logger.LogWarning("Storage:S3:UploadAccessKeyId is not set: forms and part URLs are signed with the app's own " +
                              "identity, which can read every object. An S3-compatible server that accepts unsigned headers on " +
                              "a signed URL (Ceph RGW does) lets a part URL copy another person's image in. See README \"The upload identity\".");
    }

    public IAmazonS3 Client { get; }
}
