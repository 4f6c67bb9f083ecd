using System.Security.Claims;
using ImageGallery.Web.Accounts;
using ImageGallery.Web.Uploads;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ImageGallery.Web.Gallery;

public sealed record FreshUrlsRequest(Guid[]? Ids);

// Thumbnail: what the image's tile shows; View: what its page shows (the display copy,
// else the original) and ViewSrcset the page's srcset (ImageUrls.View). Null where nothing
// is served (a rejected image, an original awaiting pre-moderation).
public sealed record FreshImageUrls(Guid Id, Uri? Thumbnail, Uri? View, string? ViewSrcset = null);

public sealed record FreshUrlsResponse(IReadOnlyList<FreshImageUrls> Images);

// Fresh signed URLs for images already on a page, so a page left open past the URLs'
// lifetime keeps working (wwwroot/js/fresh-urls.js). It takes a list, so it is a POST
// with a JSON body; it changes nothing, but the antiforgery header is required like on
// every other POST of the API, which also keeps another site from probing ids with a
// signed-in person's cookie. Ids that are not the caller's are left out of the answer,
// exactly like ids that never existed.
public static class GalleryEndpoints
{
    public const int MaxIds = 200;

    public static IEndpointRouteBuilder MapGalleryEndpoints(this IEndpointRouteBuilder app)
    {
        var images = app.MapGroup("/api/images").RequireAuthorization().AddEndpointFilter<AntiforgeryHeaderFilter>();
        images.MapPost("/urls", FreshUrlsAsync);
        return app;
    }

    private static async Task<Results<Ok<FreshUrlsResponse>, ValidationProblem>> FreshUrlsAsync(
        FreshUrlsRequest request, ClaimsPrincipal user, ImageService images, CancellationToken ct)
    {
        if (request.Ids is not { Length: > 0 and <= MaxIds } ids)
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["ids"] = [$"Send between 1 and {MaxIds} image ids."] },
                title: "The request is not valid.");
        return TypedResults.Ok(new FreshUrlsResponse(await images.FreshUrlsAsync(user.UserId(), ids, ct)));
    }
}

public static class FreshUrlTiming
{
    // Every URL handed out has at least a third of its lifetime left (Gallery/ViewUrls.cs),
    // so asking again a little sooner than that keeps every not-yet-loaded image valid.
    public static int RefreshSeconds(TimeSpan lifetime) => Math.Max(10, (int)(lifetime.TotalSeconds / 3) - 5);
}
