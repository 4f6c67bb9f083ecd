using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImageGallery.Web.Pages.Images;

// A link on the image page would expire while the page sits open; this route signs a
// fresh URL (attachment disposition) when the person clicks.
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public class DownloadModel(ImageService images, UserManager<AppUser> users) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await images.DownloadUrlAsync(users.GetUserId(User)!, id, ct) is { } url
            ? Redirect(url.ToString())
            : NotFound();
}
