namespace ImageGallery.Web.Uploads;

// Object keys are minted here and nowhere else; nothing from the client goes in.
//
// Two prefixes, and the line between them is the verification promise:
//   incoming/{user}/{image}/{variant}.{ext}  the only keys a browser form can ever write;
//                                            never served, never counted, swept.
//   users/{user}/{image}/{variant}.{ext}     written by the server: a copy from the
//                                            staging key at complete; what is served.
// So a form that is re-sent after complete, approval or delete can only write a staging
// key that no record serves or counts. A large file's original is the one object the
// browser fills at its permanent key, and only through a multipart upload: its part URLs
// write into the upload, never the key; the server alone completes it, from its own
// listing of the parts, and verifies the result before any record serves it; and the
// upload id is spent by the completion, so no part URL writes anything afterwards.
public static class ObjectKeys
{
    public const string StagingRoot = "incoming/";
    public const string PermanentRoot = "users/";

    public static string Staging(string userId, Guid imageId, ObjectVariant variant, string contentType) =>
        $"{StagingPrefix(userId)}{imageId:D}/{Name(variant)}.{Extension(contentType)}";

    public static string Permanent(string userId, Guid imageId, ObjectVariant variant, string contentType) =>
        $"{PermanentPrefix(userId)}{imageId:D}/{Name(variant)}.{Extension(contentType)}";

    // Everything one person has in storage lives under these two prefixes.
    public static string StagingPrefix(string userId) => $"{StagingRoot}{userId}/";
    public static string PermanentPrefix(string userId) => $"{PermanentRoot}{userId}/";

    // Where the browser puts an image's original (a form, or a multipart upload's parts).
    public static string StagedOriginal(Data.Image image) =>
        Staging(image.OwnerId, image.PublicId, ObjectVariant.Original, image.ContentType);

    public static string Original(string userId, Guid imageId, string contentType) =>
        Permanent(userId, imageId, ObjectVariant.Original, contentType);

    public static string Thumbnail(string userId, Guid imageId, string contentType) =>
        Permanent(userId, imageId, ObjectVariant.Thumb, contentType);

    private static string Name(ObjectVariant variant) => variant switch
    {
        ObjectVariant.Original => "original",
        ObjectVariant.Thumb => "thumb",
        ObjectVariant.Display => "display",
        _ => throw new ArgumentOutOfRangeException(nameof(variant)),
    };

    // From the one image-type table, so a key's extension always names what the bytes are.
    public static string Extension(string contentType) => ImageFormats.ExtensionOf(contentType);
}

public enum ObjectVariant { Original, Thumb, Display }
