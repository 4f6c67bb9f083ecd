using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ImageGallery.Web.Storage;

// The embedded store's browser-facing side. It answers like S3 does (XML error
// bodies with S3's codes), so upload.js handles both backends with one code path.
// No cookie or antiforgery: the signed policy is the whole authority, as with S3.
public static class EmbeddedStorageEndpoints
{
    private const int MaxFieldBytes = 16 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(EmbeddedObjectStore.UploadPath, UploadAsync).DisableAntiforgery().AllowAnonymous();
        app.MapGet(EmbeddedObjectStore.ObjectsPath + "/{**key}", Download).AllowAnonymous();
    }

    private static async Task<IResult> UploadAsync(
        HttpContext ctx, EmbeddedObjectStore store, EmbeddedSigner signer, TimeProvider time, CancellationToken ct)
    {
        // The policy's content-length-range is the limit; it is enforced while streaming.
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = null;

        var boundary = HeaderUtilities.RemoveQuotes(
            MediaTypeHeaderValue.TryParse(ctx.Request.ContentType, out var mt) ? mt.Boundary : default).Value;
        if (string.IsNullOrEmpty(boundary) || !mt!.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return S3Error(400, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.");

        var reader = new MultipartReader(boundary, ctx.Request.Body);
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        MultipartSection? section;
        while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
        {
            var disposition = section.GetContentDispositionHeader();
            if (disposition is null) return S3Error(400, "MalformedPOSTRequest", "A form part has no name.");
            var name = disposition.Name.Value ?? "";
            if (disposition.IsFileDisposition() || name == "file")
                return await ReceiveFileAsync(section, fields, store, signer, time, ct);
            var value = await ReadFieldAsync(section, ct);
            if (value is null) return S3Error(400, "MalformedPOSTRequest", $"The form field {name} is too long.");
            fields[name] = value;
        }
        return S3Error(400, "InvalidArgument", "POST requires exactly one file upload per request.");
    }

    private static async Task<IResult> ReceiveFileAsync(
        MultipartSection file, Dictionary<string, string> fields,
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
            if (length > policy.MaxLength)
                return S3Error(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size.");
            if (length < policy.MinLength)
                return S3Error(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size.");

            await EmbeddedObjectStore.WriteMetaAsync(path, new EmbeddedObjectStore.ObjectMeta(policy.ContentType), ct);
            File.Move(temp, path, overwrite: true);
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

    private static async Task<string?> ReadFieldAsync(MultipartSection section, CancellationToken ct)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var total = 0;
        int read;
        while (total <= MaxFieldBytes && (read = await section.Body.ReadAsync(buffer.AsMemory(total), ct)) > 0)
            total += read;
        return total > MaxFieldBytes ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, total);
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

        var path = store.PathFor(key);
        if (path is null || !File.Exists(path)) return S3Error(404, "NoSuchKey", "The specified key does not exist.");

        var h = ctx.Response.Headers;
        h.ContentDisposition = disposition;
        h.CacheControl = StorageHeaders.CacheControl(TimeSpan.FromSeconds(maxAge));
        await Task.CompletedTask;
        return Results.File(path, contentType, enableRangeProcessing: true,
            lastModified: File.GetLastWriteTimeUtc(path));
    }

    private static IResult S3Error(int status, string code, string message) =>
        Results.Content(
            $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{System.Security.SecurityElement.Escape(message)}</Message></Error>",
            "application/xml", statusCode: status);
}
