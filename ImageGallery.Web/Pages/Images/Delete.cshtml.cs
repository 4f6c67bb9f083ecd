using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImageGallery.Web.Pages.Images;

public class DeleteModel(ImageService images, UserManager<AppUser> users) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    public ImageDetails Image { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await images.GetAsync(users.GetUserId(User)!, id, ct) is not { } image) return NotFound();
        Image = image;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (await images.DeleteAsync(users.GetUserId(User)!, id, ct) is not { } status) return NotFound();
        StatusMessage = "The image was deleted.";
        // Deleting from the rejected list returns there, where the person was.
        return RedirectToPage("/Index", new { status = status == ImageStatus.Rejected ? "rejected" : null });
    }
}
