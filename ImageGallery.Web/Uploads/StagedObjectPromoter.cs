using ImageGallery.Web.Storage;

namespace ImageGallery.Web.Uploads;

// What checking one promoted object found. Problem is the person-readable reason, Check
// the name of the failed check for the logs; both null when the object is good.
public sealed record Verification(string? Problem, string? Check)
{
    public static readonly Verification Missing = new(null, "missing");
    public static readonly Verification Ok = new(null, null);

    public bool IsOk => Check is null;
}

// How bytes become servable: a browser wrote them at a staging key
// (ObjectKeys.Staging); the server copies them to the permanent key and checks THE
// COPY. The permanent key is written by nothing else, so a form re-sent or racing this
// can only change the staging object, never what was verified. Used by complete for
// every variant (original, thumbnail, and whatever else is staged), except a large
// file's original, assembled at its permanent key from an upload only the server can
// complete (VerifyInPlaceAsync).
public sealed class StagedObjectPromoter(IObjectStore store)
{
    // Copies staging → permanent and verifies the permanent copy: exists, has the size and
    // Content-Type the form pinned, and its first bytes are the declared format (one
    // ranged read of a short prefix, never the whole object). The staging object is left
    // for the caller to delete once the result is recorded; a bad copy is deleted here,
    // so nothing unverified stays at a permanent key.
    public async Task<Verification> PromoteAsync(string stagingKey, string permanentKey, string contentType, long size,
        CancellationToken ct)
    {
        if (!await store.CopyAsync(stagingKey, permanentKey, size, ct)) return Verification.Missing;
        return await VerifyInPlaceAsync(permanentKey, contentType, size, ct);
    }

    // An object at its permanent key, which the browser could not write once it was there:
    // a copy made above, or a multipart upload's original, assembled there from the parts
    // the server listed (the upload id is spent by then). Deleted if it fails its check.
    public async Task<Verification> VerifyInPlaceAsync(string key, string contentType, long size, CancellationToken ct)
    {
        var result = await VerifyAsync(key, contentType, size, ct);
        if (!result.IsOk && result != Verification.Missing) await store.DeleteAsync(key, ct);
        return result;
    }

    public async Task<Verification> VerifyAsync(string key, string contentType, long size, CancellationToken ct)
    {
        var head = await store.ReadHeadAsync(key, ImageFormats.PrefixLength, ct);
        if (head is null) return Verification.Missing;
        var name = ImageFormats.NameOf(contentType);
        if (head.Size != size)
            return new($"The stored file is {head.Size} bytes, but {size} bytes were announced.", "size");
        if (!string.Equals(head.ContentType, contentType, StringComparison.OrdinalIgnoreCase))
            return new($"The file was stored as {head.ContentType ?? "an unknown type"}, not as the announced {contentType}.", "content-type");

        var prefix = head.Prefix;
        var actual = ImageFormats.Sniff(prefix);
        if (actual == contentType) return Verification.Ok;
        return new(actual is null
            ? $"The file is not a {name} image: it is {ImageFormats.Describe(prefix)}."
            : $"The file is a {ImageFormats.NameOf(actual)} image, but it was announced as {name}.", "format");
    }
}
