using System.Security.Claims;
using ImageGallery.Web.Accounts;
using ImageGallery.Web.Trash;
using ImageGallery.Web.Uploads;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ImageGallery.Web.Downloads;

public sealed record DownloadResponse(IReadOnlyList<DownloadFile> Files, Guid? Next);

// POST (it carries up to BulkIds.Max ids, and answers with signed URLs: antiforgery
// keeps another site from asking for them with the person's cookie).
public static class DownloadEndpoints
{
    public static IEndpointRouteBuilder MapDownloadEndpoints(this IEndpointRouteBuilder app)
    {
        var downloads = app.MapGroup("/api/downloads").RequireAuthorization().AddEndpointFilter<AntiforgeryHeaderFilter>();
        downloads.MapPost("", ForImagesAsync);
        downloads.MapPost("/albums/{id:guid}", ForAlbumAsync);
        return app;
    }

    private static async Task<Results<Ok<DownloadResponse>, ProblemHttpResult>> ForImagesAsync(
        BulkRequest request, ClaimsPrincipal user, DownloadService downloads, CancellationToken ct)
    {
        var ids = request.Ids ?? [];
        if (BulkIds.Problem(ids) is { } problem)
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "The ids are not acceptable.");
        var list = await downloads.ForImagesAsync(user.UserId(), ids, ct);
        if (list.Missing.Count > 0)
            return TypedResults.Problem($"{list.Missing.Count} of the images cannot be downloaded (not yours, not there, or not served).",
                statusCode: StatusCodes.Status404NotFound, title: "Not found.",
                extensions: new Dictionary<string, object?> { ["ids"] = list.Missing });
        return TypedResults.Ok(new DownloadResponse(list.Files, null));
    }

    private static async Task<Results<Ok<DownloadResponse>, ProblemHttpResult>> ForAlbumAsync(
        Guid id, Guid? after, ClaimsPrincipal user, DownloadService downloads, CancellationToken ct) =>
        await downloads.ForAlbumAsync(user.UserId(), id, after, ct) is { } list
            ? TypedResults.Ok(new DownloadResponse(list.Files, list.Next))
            : TypedResults.Problem("There is no such album here.", statusCode: StatusCodes.Status404NotFound, title: "Not found.");
}
