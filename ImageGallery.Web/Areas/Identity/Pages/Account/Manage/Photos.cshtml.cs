using System.ComponentModel.DataAnnotations;
using ImageGallery.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImageGallery.Web.Areas.Identity.Pages.Account.Manage;

// Account settings for what the gallery keeps from a photo's EXIF: the GPS position
// only when this is on (off by default). Applies to uploads from now on.
[Authorize]
public class PhotosModel(UserManager<AppUser> users) : PageModel
{
    public const string ActivePage = "Photos";

    [TempData]
    public string? StatusMessage { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public class InputModel
    {
        [Display(Name = "Keep where my photos were taken")]
        public bool KeepPhotoLocation { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return NotFound();
        Input.KeepPhotoLocation = user.KeepPhotoLocation;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } user) return NotFound();
        if (!ModelState.IsValid) return Page();
        user.KeepPhotoLocation = Input.KeepPhotoLocation;
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded) throw new InvalidOperationException("The photo settings could not be saved.");
        StatusMessage = Input.KeepPhotoLocation
            ? "Photo positions will be kept for new uploads."
            : "Photo positions will not be kept for new uploads.";
        return RedirectToPage();
    }
}
