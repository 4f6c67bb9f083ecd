using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImageGallery.Web.Pages.Images;

// A link on the image page would expire while the page sits open; these routes sign a
// fresh URL of the original when the person clicks: /download as an attachment,
// /original ("View original") to open in the browser.
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public class DownloadModel(ImageService images, UserManager<AppUser> users) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await images.OriginalUrlAsync(users.GetUserId(User)!, id, download: true, ct) is { } url ? Redirect(url.ToString()) : NotFound();
}

[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public class OriginalModel(ImageService images, UserManager<AppUser> users) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await images.OriginalUrlAsync(users.GetUserId(User)!, id, download: false, ct) is { } url ? Redirect(url.ToString()) : NotFound();
}
