using ImageGallery.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using ImageGallery.Web.Hosting;

namespace ImageGallery.Web.Albums;

// Selecting: shown open (no JS needed) when the URL has ?select=1; the selection module
// opens and closes it in place. InAlbum: the album page, which can also remove.
public sealed record SelectionBar(IReadOnlyList<AlbumRef> Albums, Guid? InAlbum, bool Selecting, string ReturnUrl, string ToggleUrl, long ZipMemoryLimit);

// The select-mode bar of the gallery, album and search pages (Pages/Shared/Components/SelectionBar).
public sealed class SelectionBarViewComponent(AlbumService albums, UserManager<AppUser> users, IOptions<GalleryOptions> options) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid? inAlbum)
    {
        var request = HttpContext.Request;
        var query = QueryHelpers.ParseQuery(request.QueryString.Value);
        var selecting = query.TryGetValue("select", out var v) && v == "1";
        var rest = query.Where(p => p.Key != "select").ToDictionary(p => p.Key, p => p.Value);
        var without = QueryHelpers.AddQueryString(request.Path, rest);
        var with = QueryHelpers.AddQueryString(without, "select", "1");
        var names = await albums.NamesAsync(users.GetUserId(UserClaimsPrincipal)!, HttpContext.RequestAborted);
        return View(new SelectionBar(names, inAlbum, selecting, without, selecting ? without : with, options.Value.ZipMemoryLimitBytes));
    }
}
