namespace ImageGallery.Web.Uploads;

// How a file of `size` bytes is cut into parts: Uploads:MultipartPartBytes each, grown
// (in whole MiB) when the file would otherwise need more than S3's 10,000 parts. The
// last part holds the rest.
public sealed record MultipartPlan(long PartSize, int PartCount)
{
    public const int MaxParts = 10_000;

    public static MultipartPlan For(long size, long partBytes)
    {
        var partSize = partBytes;
        if (size > partSize * MaxParts)
        {
            var needed = (size + MaxParts - 1) / MaxParts;
            partSize = (needed + UploadOptions.MiB - 1) / UploadOptions.MiB * UploadOptions.MiB;
        }
        return new MultipartPlan(partSize, (int)Math.Max(1, (size + partSize - 1) / partSize));
    }
}
