using ImageGallery.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace ImageGallery.Web.Albums;

public sealed record ImageAlbums(Guid Image, IReadOnlyList<AlbumRef> In, IReadOnlyList<AlbumRef> All, AlbumNeighbours? Neighbours, string ReturnUrl);

// The image page's albums: which ones it is in, adding and removing (plain forms to
// /selection), and, when opened from an album (?album=), previous and next in that album
// (the page has found them already).
public sealed class ImageAlbumsViewComponent(AlbumService albums, UserManager<AppUser> users) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid image, AlbumNeighbours? neighbours)
    {
        var owner = users.GetUserId(UserClaimsPrincipal)!;
        var ct = HttpContext.RequestAborted;
        var returnUrl = HttpContext.Request.Path + HttpContext.Request.QueryString;
        return View(new ImageAlbums(image, await albums.ContainingAsync(owner, image, ct), await albums.NamesAsync(owner, ct),
            neighbours, returnUrl));
    }
}
