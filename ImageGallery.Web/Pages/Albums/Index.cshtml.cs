using System.ComponentModel.DataAnnotations;
using ImageGallery.Web.Albums;
using ImageGallery.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImageGallery.Web.Pages.Albums;

public class IndexModel(AlbumService albums, UserManager<AppUser> users) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    public IReadOnlyList<AlbumSummary> Albums { get; private set; } = [];

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public class InputModel
    {
        [Required(ErrorMessage = "Give the album a name.")]
        [StringLength(AlbumConfiguration.MaxNameLength, ErrorMessage = "The name can be at most {1} characters long.")]
        [Display(Name = "New album")]
        public string Name { get; set; } = "";
    }

    public async Task OnGetAsync(CancellationToken ct) =>
        Albums = await albums.ListAsync(users.GetUserId(User)!, ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Input.Name)) ModelState.AddModelError("Input.Name", "Give the album a name.");
        if (!ModelState.IsValid)
        {
            await OnGetAsync(ct);
            return Page();
        }
        var album = await albums.CreateAsync(users.GetUserId(User)!, Input.Name, ct);
        StatusMessage = $"Album “{album.Name}” created.";
        return RedirectToPage("/Albums/Details", new { id = album.Id });
    }
}
