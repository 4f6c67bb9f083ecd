using ImageGallery.Web.Data;

namespace ImageGallery.Web.Uploads;

// One of the small copies the browser makes at upload: the thumbnail (Gallery:ThumbnailSize)
// and the display copy (Gallery:DisplaySize). Both are optional conveniences, uploaded with
// their own form to their own staging key, promoted and verified at complete, and counted
// in the quota; complete, deletion and staging clean-up treat them alike through this.
public sealed record BrowserVariant(ObjectVariant Variant, string Key, string ContentType, long Size)
{
    public string StagingKey(Image image) => ObjectKeys.Staging(image.OwnerId, image.PublicId, Variant, ContentType);
}

public static class BrowserVariants
{
    public static IEnumerable<BrowserVariant> Of(Image image)
    {
        if (image is { ThumbnailKey: { } thumbKey, ThumbnailContentType: { } thumbType })
            yield return new(ObjectVariant.Thumb, thumbKey, thumbType, image.ThumbnailSize ?? 0);
        if (image is { DisplayKey: { } displayKey, DisplayContentType: { } displayType })
            yield return new(ObjectVariant.Display, displayKey, displayType, image.DisplaySize ?? 0);
    }

    // Records a declared variant on a new image, at its permanent key (written at complete).
    public static void Record(Image image, ObjectVariant variant, string contentType, long size, int? width)
    {
        var key = ObjectKeys.Permanent(image.OwnerId, image.PublicId, variant, contentType);
        if (variant == ObjectVariant.Thumb)
            (image.ThumbnailKey, image.ThumbnailContentType, image.ThumbnailSize) = (key, contentType, size);
        else if (variant == ObjectVariant.Display)
            (image.DisplayKey, image.DisplayContentType, image.DisplaySize, image.DisplayWidth) = (key, contentType, size, width);
        else throw new ArgumentOutOfRangeException(nameof(variant));
    }

    // The in-memory image as a dropped variant leaves it (the row is changed by the caller).
    public static void Forget(Image image, ObjectVariant variant)
    {
        if (variant == ObjectVariant.Thumb)
            (image.ThumbnailKey, image.ThumbnailContentType, image.ThumbnailSize) = (null, null, null);
        else if (variant == ObjectVariant.Display)
            (image.DisplayKey, image.DisplayContentType, image.DisplaySize, image.DisplayWidth) = (null, null, null, null);
        else throw new ArgumentOutOfRangeException(nameof(variant));
    }
}
