using System.Security.Claims;
using ImageGallery.Web.Accounts;
using ImageGallery.Web.Uploads;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ImageGallery.Web.Trash;

public sealed record BulkRequest(Guid[]? Ids);

public sealed record BulkResponse(int Changed);

// The trash API. Single forms answer 204 or 404; bulk forms take at most BulkIds.Max ids
// and are all or nothing: an id that is not yours, not there or not in a state the
// action applies to makes a 404 problem naming it (extension "ids"), and nothing changes.
public static class TrashEndpoints
{
    public static IEndpointRouteBuilder MapTrashEndpoints(this IEndpointRouteBuilder app)
    {
        // DELETE /api/images/{id} (move one to the trash) stays in UploadEndpoints with its admin path.
        var images = app.MapGroup("/api/images").RequireAuthorization().AddEndpointFilter<AntiforgeryHeaderFilter>();
        images.MapPost("/trash", (BulkRequest r, ClaimsPrincipal u, TrashService t, CancellationToken ct) =>
            BulkAsync(r, (ids, c) => t.MoveToTrashAsync(u.UserId(), ids, c), ct));

        var trash = app.MapGroup("/api/trash").RequireAuthorization().AddEndpointFilter<AntiforgeryHeaderFilter>();
        trash.MapPost("/{id:guid}/restore", (Guid id, ClaimsPrincipal u, TrashService t, CancellationToken ct) =>
            SingleAsync(t.RestoreAsync(u.UserId(), [id], ct)));
        trash.MapDelete("/{id:guid}", (Guid id, ClaimsPrincipal u, TrashService t, CancellationToken ct) =>
            SingleAsync(t.DeleteForeverAsync(u.UserId(), [id], ct)));
        trash.MapPost("/restore", (BulkRequest r, ClaimsPrincipal u, TrashService t, CancellationToken ct) =>
            BulkAsync(r, (ids, c) => t.RestoreAsync(u.UserId(), ids, c), ct));
        trash.MapPost("/delete", (BulkRequest r, ClaimsPrincipal u, TrashService t, CancellationToken ct) =>
            BulkAsync(r, (ids, c) => t.DeleteForeverAsync(u.UserId(), ids, c), ct));
        return app;
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> SingleAsync(Task<BulkOutcome> action)
    {
        try
        {
            return (await action).Ok ? TypedResults.NoContent() : NotFound([]);
        }
        catch (ConcurrentChangeException e)
        {
            return Conflict(e);
        }
    }

    private static async Task<Results<Ok<BulkResponse>, ProblemHttpResult>> BulkAsync(
        BulkRequest request, Func<IReadOnlyCollection<Guid>, CancellationToken, Task<BulkOutcome>> action, CancellationToken ct)
    {
        var ids = request.Ids ?? [];
        if (BulkIds.Problem(ids) is { } problem)
            return TypedResults.Problem(problem, statusCode: StatusCodes.Status400BadRequest, title: "The ids are not acceptable.");
        try
        {
            var outcome = await action(ids, ct);
            return outcome.Ok ? TypedResults.Ok(new BulkResponse(outcome.Changed)) : NotFound(outcome.Missing);
        }
        catch (ConcurrentChangeException e)
        {
            return Conflict(e);
        }
    }

    private static ProblemHttpResult NotFound(IReadOnlyList<Guid> ids) =>
        TypedResults.Problem(
            ids.Count == 0 ? "There is no such image here." : $"{ids.Count} of the images are not here; nothing was changed.",
            statusCode: StatusCodes.Status404NotFound, title: "Not found.",
            extensions: ids.Count == 0 ? null : new Dictionary<string, object?> { ["ids"] = ids });

    private static ProblemHttpResult Conflict(ConcurrentChangeException e) =>
        TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "Changed meanwhile.");
}
