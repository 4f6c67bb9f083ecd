using System.Security.Claims;
using ImageGallery.Web.Accounts;
using ImageGallery.Web.Hosting;
using ImageGallery.Web.Trash;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ImageGallery.Web.Uploads;

// The upload API (README "How an upload flows"). Cookie auth answers 401 under /api,
// the antiforgery token comes in the RequestVerificationToken header.
public static class UploadEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var uploads = app.MapGroup("/api/uploads").RequireAuthorization().AddEndpointFilter<AntiforgeryHeaderFilter>();
        uploads.MapPost("", PresignAsync).RequireRateLimiting(RateLimits.Presign);
        uploads.MapPost("/{id:guid}/complete", CompleteAsync).RequireRateLimiting(RateLimits.Complete);
        MultipartEndpoints.Map(uploads.MapGroup("/multipart"));

        var images = app.MapGroup("/api/images").RequireAuthorization().AddEndpointFilter<AntiforgeryHeaderFilter>();
        images.MapDelete("/{id:guid}", DeleteAsync).RequireRateLimiting(RateLimits.Delete);
        return app;
    }

    private static async Task<Results<Created<PresignResponse>, ValidationProblem, ProblemHttpResult>> PresignAsync(
        PresignRequest request, ClaimsPrincipal user, UploadService uploads, GalleryMetrics metrics, CancellationToken ct)
    {
        var result = await uploads.PresignAsync(user.UserId(), request, ct);
        metrics.Presign(result.Failure?.Status ?? StatusCodes.Status201Created);
        if (result.Failure is { Status: StatusCodes.Status400BadRequest, Errors: { } errors })
            return TypedResults.ValidationProblem(errors, title: "The upload request is not valid.");
        return result.Failure is { } failure ? Problem(failure) : TypedResults.Created((string?)null, result.Value);
    }

    private static async Task<Results<Ok<ImageTile>, ProblemHttpResult>> CompleteAsync(
        Guid id, ClaimsPrincipal user, UploadService uploads, GalleryMetrics metrics, CancellationToken ct)
    {
        var result = await uploads.CompleteAsync(user.UserId(), id, ct);
        metrics.Complete(result.Failure?.Status ?? StatusCodes.Status200OK);
        return result.Failure is { } failure ? Problem(failure) : TypedResults.Ok(result.Value);
    }

    // An owner's image goes to the trash (Trash/); what is left is an owner cancelling a
    // Pending upload, or an admin deleting someone else's image, which is final.
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid id, ClaimsPrincipal user, UploadService uploads, TrashService trash, CancellationToken ct)
    {
        var moved = await TrashEndpoints.SingleAsync(trash.MoveToTrashAsync(user.UserId(), [id], ct));
        if (moved.Result is NoContent) return moved;
        return await uploads.DeleteAsync(user.UserId(), user.IsInRole(Roles.Admin), id, ct) is { } failure
            ? Problem(failure)
            : TypedResults.NoContent();
    }

    internal static ProblemHttpResult Problem(UploadFailure f) =>
        TypedResults.Problem(f.Detail, statusCode: f.Status, title: f.Title,
            extensions: f.Errors is null ? null : new Dictionary<string, object?> { ["errors"] = f.Errors });
}

// JSON callers send the token in a header; a form post would be checked by the
// antiforgery middleware, a JSON body is not, so it is checked here.
public sealed class AntiforgeryHeaderFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            await antiforgery.ValidateRequestAsync(context.HttpContext);
        }
        catch (AntiforgeryValidationException)
        {
            return TypedResults.Problem("The request did not carry a valid antiforgery token. Reload the page and try again.",
                statusCode: StatusCodes.Status400BadRequest, title: "Missing or invalid antiforgery token.");
        }
        return await next(context);
    }
}
