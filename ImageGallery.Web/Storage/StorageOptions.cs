using System.ComponentModel.DataAnnotations;

namespace ImageGallery.Web.Storage;

public enum StorageProvider { Embedded, S3 }

public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Embedded;

    public S3StorageOptions S3 { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (Provider != StorageProvider.S3) yield break;
        if (string.IsNullOrWhiteSpace(S3.BucketName))
            yield return new("Storage:S3:BucketName is required when Storage:Provider is S3.");
        if (string.IsNullOrWhiteSpace(S3.Region))
            yield return new("Storage:S3:Region is required when Storage:Provider is S3 (the signing region; us-east-1 for most S3-compatible servers).");
        if (S3.ServiceUrl is { Length: > 0 } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
            yield return new("Storage:S3:ServiceUrl must be an absolute URL.");
        if (string.IsNullOrEmpty(S3.AccessKeyId) != string.IsNullOrEmpty(S3.SecretAccessKey))
            yield return new("Storage:S3:AccessKeyId and Storage:S3:SecretAccessKey go together.");
        if (string.IsNullOrEmpty(S3.UploadAccessKeyId) != string.IsNullOrEmpty(S3.UploadSecretAccessKey))
            yield return new("Storage:S3:UploadAccessKeyId and Storage:S3:UploadSecretAccessKey go together.");
        foreach (var origin in S3.CorsOrigins)
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var u) || u.AbsolutePath != "/")
                yield return new($"Storage:S3:CorsOrigins has '{origin}', which is not an origin like https://gallery.example.com.");
    }
}

public sealed class S3StorageOptions
{
    public string BucketName { get; set; } = "";
    // For S3-compatible servers (Ceph RGW, MinIO); empty means AWS itself.
    public string? ServiceUrl { get; set; }
    public string Region { get; set; } = "us-east-1";
    public bool ForcePathStyle { get; set; }
    // Optional: otherwise the standard AWS credential chain (env, profile, instance role).
    public string? AccessKeyId { get; set; }
    public string? SecretAccessKey { get; set; }
    // Optional, strongly advised on S3-compatible servers: a second identity that may only
    // write (s3:PutObject), used for nothing but signing what the browser sends (forms and
    // part URLs). See README "The upload identity".
    public string? UploadAccessKeyId { get; set; }
    public string? UploadSecretAccessKey { get; set; }
    // The app's public origins, allowed to POST forms and GET objects from the browser.
    public string[] CorsOrigins { get; set; } = [];
}
