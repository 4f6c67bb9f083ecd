using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using ImageGallery.Web.Hosting;
using ImageGallery.Web.Trash;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Pages.Images;

// "Delete" moves the image to the trash; the gallery then offers Undo.
public class DeleteModel(ImageService images, TrashService trash, UserManager<AppUser> users, IOptions<GalleryOptions> options) : PageModel
{
    public int RetentionDays => (int)options.Value.TrashRetention.TotalDays;

    public ImageDetails Image { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await images.GetAsync(users.GetUserId(User)!, id, ct) is not { } image) return NotFound();
        Image = image;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var owner = users.GetUserId(User)!;
        if (await images.GetAsync(owner, id, ct) is not { } image) return NotFound();
        var outcome = await trash.MoveToTrashAsync(owner, [id], ct);
        if (!outcome.Ok) return NotFound();
        TrashUndo.Offer(TempData, outcome);
        // Deleting from the rejected list returns there, where the person was.
        return RedirectToPage("/Index", new { status = image.Status == ImageStatus.Rejected ? "rejected" : null });
    }
}
