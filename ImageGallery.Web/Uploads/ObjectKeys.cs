namespace ImageGallery.Web.Uploads;

// Object keys are minted here and nowhere else; nothing from the client goes in.
public static class ObjectKeys
{
    public static string Original(string userId, Guid imageId, string contentType) =>
        $"users/{userId}/{imageId:D}/original.{Extension(contentType)}";

    public static string Thumbnail(string userId, Guid imageId, string contentType) =>
        $"users/{userId}/{imageId:D}/thumb.{Extension(contentType)}";

    public static string Extension(string contentType) => contentType switch
    {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "image/webp" => "webp",
        "image/avif" => "avif",
        _ => throw new ArgumentOutOfRangeException(nameof(contentType), contentType, "Not an allowed image type."),
    };
}
