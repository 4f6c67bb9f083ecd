using System.Globalization;
using Microsoft.AspNetCore.Http.Features;

namespace ImageGallery.Web.Storage;

// PUT /storage/parts/{upload id}/{part number}?exp=&max=&sig=: one part of a multipart
// upload, as S3's UploadPart with a presigned URL. Anonymous, so everything that can be
// refused is refused before a byte of the body is read: the signature, the expiry, a
// missing or too large Content-Length. The body is then read at most `max` bytes.
public static class EmbeddedPartEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPut(EmbeddedMultipartStore.PartsPath + "/{uploadId}/{partNumber:int}", PutAsync)
            .DisableAntiforgery().AllowAnonymous().RequireRateLimiting(Hosting.RateLimits.Storage);

    private static async Task<IResult> PutAsync(
        string uploadId, int partNumber, HttpContext ctx, EmbeddedMultipartStore store, EmbeddedSigner signer,
        TimeProvider time, CancellationToken ct)
    {
        var q = ctx.Request.Query;
        if (!long.TryParse(q["exp"], NumberStyles.None, CultureInfo.InvariantCulture, out var exp) ||
            !long.TryParse(q["max"], NumberStyles.None, CultureInfo.InvariantCulture, out var max))
            return Error(403, "AccessDenied", "Query-string authentication requires the signature and expiry.");
        if (!signer.Verify(EmbeddedMultipartStore.PartCanonical(uploadId, partNumber, exp, max), q["sig"]))
            return Error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
        if (DateTimeOffset.FromUnixTimeSeconds(exp) <= time.GetUtcNow())
            return Error(403, "AccessDenied", "Request has expired.");
        if (ctx.Request.ContentLength is not { } length)
            return Error(411, "MissingContentLength", "You must provide the Content-Length HTTP header.");
        if (length > max)
            return EmbeddedStorageEndpoints.TooLarge();
        // Kestrel then refuses anything past the announced length as well.
        if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = max;

        string? etag;
        try
        {
            etag = await store.WritePartAsync(uploadId, partNumber, ctx.Request.Body, max, ct);
        }
        catch (PartTooLargeException)
        {
            return EmbeddedStorageEndpoints.TooLarge();
        }
        if (etag is null)
            return Error(404, "NoSuchUpload", "The specified multipart upload does not exist.");
        ctx.Response.Headers.ETag = etag;
        return Results.Ok();
    }

    private static IResult Error(int status, string code, string message) =>
        EmbeddedStorageEndpoints.S3Error(status, code, message);
}
