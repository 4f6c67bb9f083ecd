using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImageGallery.Web.Pages;

public class IndexModel(GalleryService gallery, UserManager<AppUser> users) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    public GalleryPage? Gallery { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid? before, Guid? after, string? status, CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated != true) return Page();

        var filter = string.Equals(status, "rejected", StringComparison.OrdinalIgnoreCase)
            ? GalleryFilter.Rejected
            : GalleryFilter.Visible;
        Gallery = await gallery.GetPageAsync(users.GetUserId(User)!, filter, new GalleryCursor(before, after), ct);

        // The tile the link started from has gone (deleted meanwhile): start from the top.
        if (Gallery is null) return RedirectToPage(new { status = StatusParameter(filter) });
        return Page();
    }

    public static string? StatusParameter(GalleryFilter filter) =>
        filter == GalleryFilter.Rejected ? "rejected" : null;
}
