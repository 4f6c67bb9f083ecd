using ImageGallery.Web.Accounts;
using System.Security.Claims;
using ImageGallery.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using static ImageGallery.Web.Uploads.UploadEndpoints;

namespace ImageGallery.Web.Uploads;

// /api/uploads/multipart: large files in parts (README "Large files"). Inside the
// upload group, so sign-in, antiforgery and problem+json are the same as for single
// uploads; starting and signing count against the presign rate limit.
public static class MultipartEndpoints
{
    public static void Map(RouteGroupBuilder multipart)
    {
        multipart.MapPost("", StartAsync).RequireRateLimiting(RateLimits.Presign);
        multipart.MapPost("/{id:guid}/parts", SignPartsAsync).RequireRateLimiting(RateLimits.Presign);
        multipart.MapPost("/{id:guid}/variants", DeclareVariantsAsync).RequireRateLimiting(RateLimits.Presign);
        multipart.MapGet("/{id:guid}/parts", ListPartsAsync);
        multipart.MapPost("/{id:guid}/complete", CompleteAsync).RequireRateLimiting(RateLimits.Complete);
        multipart.MapDelete("/{id:guid}", AbortAsync).RequireRateLimiting(RateLimits.Delete);
    }

    private static async Task<Results<Created<MultipartStartResponse>, ValidationProblem, ProblemHttpResult>> StartAsync(
        PresignRequest request, ClaimsPrincipal user, MultipartUploadService uploads, CancellationToken ct)
    {
        var result = await uploads.StartAsync(user.UserId(), request, ct);
        if (result.Failure is { Status: StatusCodes.Status400BadRequest, Errors: { } errors })
            return TypedResults.ValidationProblem(errors, title: "The upload request is not valid.");
        return result.Failure is { } failure ? Problem(failure) : TypedResults.Created((string?)null, result.Value);
    }

    private static async Task<Results<Ok<SignPartsResponse>, ProblemHttpResult>> SignPartsAsync(
        Guid id, SignPartsRequest request, ClaimsPrincipal user, MultipartUploadService uploads, CancellationToken ct) =>
        Answer(await uploads.SignPartsAsync(user.UserId(), id, request, ct));

    private static async Task<Results<Ok<MultipartVariantsResponse>, ValidationProblem, ProblemHttpResult>> DeclareVariantsAsync(
        Guid id, MultipartVariantsRequest request, ClaimsPrincipal user, MultipartUploadService uploads, CancellationToken ct)
    {
        var result = await uploads.DeclareVariantsAsync(user.UserId(), id, request, ct);
        if (result.Failure is { Status: StatusCodes.Status400BadRequest, Errors: { } errors })
            return TypedResults.ValidationProblem(errors, title: "The upload request is not valid.");
        return result.Failure is { } failure ? Problem(failure) : TypedResults.Ok(result.Value);
    }

    private static async Task<Results<Ok<PartsResponse>, ProblemHttpResult>> ListPartsAsync(
        Guid id, ClaimsPrincipal user, MultipartUploadService uploads, CancellationToken ct) =>
        Answer(await uploads.ListPartsAsync(user.UserId(), id, ct));

    private static async Task<Results<Ok<ImageTile>, ProblemHttpResult>> CompleteAsync(
        Guid id, ClaimsPrincipal user, MultipartUploadService uploads, CancellationToken ct) =>
        Answer(await uploads.CompleteAsync(user.UserId(), id, ct));

    private static async Task<Results<NoContent, ProblemHttpResult>> AbortAsync(
        Guid id, ClaimsPrincipal user, MultipartUploadService uploads, CancellationToken ct) =>
        await uploads.AbortAsync(user.UserId(), id, ct) is { Failure: { } failure } ? Problem(failure) : TypedResults.NoContent();

    private static Results<Ok<T>, ProblemHttpResult> Answer<T>(UploadResult<T> result) =>
        result.Failure is { } failure ? Problem(failure) : TypedResults.Ok(result.Value);
}
