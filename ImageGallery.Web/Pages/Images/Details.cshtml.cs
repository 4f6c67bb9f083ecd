using System.ComponentModel.DataAnnotations;
using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImageGallery.Web.Pages.Images;

public class DetailsModel(ImageService images, UserManager<AppUser> users) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    public ImageDetails Image { get; private set; } = null!;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public class InputModel
    {
        [StringLength(ImageService.MaxCaptionLength, ErrorMessage = "The caption can be at most {1} characters long.")]
        [Display(Name = "Caption")]
        public string? Caption { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        if (await images.GetAsync(users.GetUserId(User)!, id, ct) is not { } image) return NotFound();
        Image = image;
        Input.Caption = image.Caption;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var owner = users.GetUserId(User)!;
        if (await images.GetAsync(owner, id, ct) is not { } image) return NotFound();
        Image = image;
        if (!ModelState.IsValid) return Page();

        if (!await images.SetCaptionAsync(owner, id, Input.Caption, ct)) return NotFound();
        StatusMessage = string.IsNullOrWhiteSpace(Input.Caption) ? "Caption removed." : "Caption saved.";
        return RedirectToPage(new { id });
    }
}
