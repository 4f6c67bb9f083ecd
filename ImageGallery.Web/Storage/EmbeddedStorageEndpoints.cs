using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using ImageGallery.Web.Hosting;
using ImageGallery.Web.Uploads;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ImageGallery.Web.Storage;

// The embedded store's browser-facing side. It answers like S3 does (XML error
// bodies with S3's codes), so upload.js handles both backends with one code path.
// No cookie or antiforgery: the signed policy is the whole authority, as with S3.
public static class EmbeddedStorageEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(EmbeddedObjectStore.UploadPath, UploadAsync).DisableAntiforgery().AllowAnonymous()
            .RequireRateLimiting(RateLimits.Storage);
        app.MapGet(EmbeddedObjectStore.ObjectsPath + "/{**key}", Download).AllowAnonymous()
            .RequireRateLimiting(RateLimits.Storage);
        EmbeddedPartEndpoint.Map(app);
    }

    private static async Task<IResult> UploadAsync(
        HttpContext ctx, EmbeddedObjectStore store, EmbeddedSigner signer, TimeProvider time,
        IOptions<UploadOptions> uploads, CancellationToken ct)
    {
        // No form the app signs can carry more than this: refused before reading, and
        // Kestrel stops a chunked body there. The signed policy's own limit follows.
        var maxBody = uploads.Value.MaxBytes + EmbeddedUploadForm.Overhead;
        if (ctx.Request.ContentLength > maxBody) return TooLarge();
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = maxBody;

        var boundary = HeaderUtilities.RemoveQuotes(
            MediaTypeHeaderValue.TryParse(ctx.Request.ContentType, out var mt) ? mt.Boundary : default).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200 ||
            !mt!.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return S3Error(400, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.");

        var form = await EmbeddedUploadForm.ReadAsync(ctx.Request.Body, boundary, uploads.Value.MaxBytes, ct);
        if (form.Refusal is { } r) return S3Error(r.Status, r.Code, r.Message);
        return await ReceiveFileAsync(ctx, form.File!, form.Fields, store, signer, time, ct);
    }

    private static async Task<IResult> ReceiveFileAsync(
        HttpContext ctx, MultipartSection file, Dictionary<string, string> fields,
        EmbeddedObjectStore store, EmbeddedSigner signer, TimeProvider time, CancellationToken ct)
    {
        fields.TryGetValue("policy", out var encoded);
        if (!signer.Verify(encoded ?? "", fields.GetValueOrDefault("x-gallery-signature")))
            return S3Error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
        var policy = EmbeddedPolicy.Decode(encoded);
        if (policy is null) return S3Error(400, "InvalidPolicyDocument", "Invalid Policy: Invalid JSON.");
        if (policy.Expiration <= time.GetUtcNow())
            return S3Error(403, "AccessDenied", "Invalid according to Policy: Policy expired.");

        var expected = policy.Fields;
        foreach (var (name, value) in fields)
        {
            if (name is "policy" or "x-gallery-signature") continue;
            if (!expected.TryGetValue(name, out var want))
                return S3Error(403, "AccessDenied", $"Invalid according to Policy: Extra input fields: {name}");
            if (!string.Equals(want, value, StringComparison.Ordinal))
                return S3Error(403, "AccessDenied", $"Invalid according to Policy: Policy Condition failed: [\"eq\", \"${name}\", \"{want}\"]");
        }
        foreach (var name in expected.Keys)
            if (!fields.ContainsKey(name))
                return S3Error(403, "AccessDenied", $"Invalid according to Policy: Policy Condition failed: [\"eq\", \"${name}\", \"{expected[name]}\"]");

        // The policy's own limit, before a byte of the file is read.
        if (ctx.Request.ContentLength > policy.MaxLength + EmbeddedUploadForm.Overhead) return TooLarge();

        var path = store.PathFor(policy.Key);
        if (path is null) return S3Error(400, "InvalidArgument", "The key is not valid.");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // Written beside the target and renamed into place only when complete and
        // within the range, so a refused upload never leaves an object behind.
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".part";
        try
        {
            long length;
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                length = await CopyAtMostAsync(file.Body, output, policy.MaxLength, ct);
            }
            if (length > policy.MaxLength) return TooLarge();
            if (length < policy.MinLength)
                return S3Error(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size.");

            await EmbeddedObjectStore.WriteMetaAsync(path, new EmbeddedObjectStore.ObjectMeta(policy.ContentType), ct);
            File.Move(temp, path, overwrite: true);
        }
        catch (InvalidDataException)
        {
            // Past the reader's bound (Uploads:MaxBytes), lower than a policy signed before it shrank.
            return TooLarge();
        }
        finally
        {
            File.Delete(temp);
        }

        var location = $"{EmbeddedObjectStore.ObjectsPath}/{policy.Key}";
        var xml = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><PostResponse><Location>{System.Security.SecurityElement.Escape(location)}</Location>" +
                  $"<Key>{System.Security.SecurityElement.Escape(policy.Key)}</Key></PostResponse>";
        return policy.SuccessStatus == "201"
            ? Results.Content(xml, "application/xml", statusCode: 201)
            : Results.NoContent();
    }

    // Copies until the source ends or one byte past the limit; the caller refuses the latter.
    private static async Task<long> CopyAtMostAsync(Stream source, Stream dest, long limit, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > limit) return total;
            await dest.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        return total;
    }

    private static async Task<IResult> Download(
        string key, HttpContext ctx, EmbeddedObjectStore store, EmbeddedSigner signer, TimeProvider time, CancellationToken ct)
    {
        var q = ctx.Request.Query;
        if (!long.TryParse(q["exp"], NumberStyles.None, CultureInfo.InvariantCulture, out var exp) ||
            !long.TryParse(q["ma"], NumberStyles.None, CultureInfo.InvariantCulture, out var maxAge))
            return S3Error(403, "AccessDenied", "Query-string authentication requires the signature and expiry.");
        string contentType = q["ct"].ToString(), disposition = q["cd"].ToString();
        var canonical = key + "?" + EmbeddedObjectStore.ViewQuery(key, contentType, disposition, exp, maxAge);
        if (!signer.Verify(canonical, q["sig"]))
            return S3Error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
        if (DateTimeOffset.FromUnixTimeSeconds(exp) <= time.GetUtcNow())
            return S3Error(403, "AccessDenied", "Request has expired.");

        // Whatever a signed URL asks for, only the image types the gallery stores are
        // served, never as a page (text/html, SVG) the browser would run.
        if (!ImageFormats.IsKnown(contentType))
            return S3Error(403, "AccessDenied", "Only the gallery's image types are served.");

        var path = store.PathFor(key);
        if (path is null || !File.Exists(path)) return S3Error(404, "NoSuchKey", "The specified key does not exist.");

        var h = ctx.Response.Headers;
        h.XContentTypeOptions = "nosniff";
        // The app signs inline or attachment; anything else (or nothing) downloads.
        var known = disposition.StartsWith("inline", StringComparison.OrdinalIgnoreCase) ||
                    disposition.StartsWith("attachment", StringComparison.OrdinalIgnoreCase);
        h.ContentDisposition = known ? disposition : "attachment";
        h.CacheControl = StorageHeaders.CacheControl(TimeSpan.FromSeconds(maxAge));
        await Task.CompletedTask;
        return Results.File(path, contentType, enableRangeProcessing: true,
            lastModified: File.GetLastWriteTimeUtc(path));
    }

    internal static IResult TooLarge() =>
        S3Error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size.");

    internal static IResult S3Error(int status, string code, string message) =>
        Results.Content(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{System.Security.SecurityElement.Escape(message)}</Message></Error>",
            "application/xml", statusCode: status);
}
