using System.ComponentModel.DataAnnotations;
using ImageGallery.Web.Albums;
using ImageGallery.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImageGallery.Web.Pages.Albums;

public class DetailsModel(AlbumService albums, AlbumBrowser browser, UserManager<AppUser> users) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    public AlbumPage Album { get; private set; } = null!;

    [BindProperty]
    [Required(ErrorMessage = "Give the album a name.")]
    [StringLength(AlbumConfiguration.MaxNameLength, ErrorMessage = "The name can be at most {1} characters long.")]
    [Display(Name = "Name")]
    public string Name { get; set; } = "";

    [BindProperty]
    public bool ConfirmDelete { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, Guid? before, Guid? after, CancellationToken ct)
    {
        if (await browser.GetPageAsync(Owner, id, before, after, ct) is not { } page)
        {
            // A cursor image that left the album: back to its first page; an album that is not yours: 404.
            return before is null && after is null || await albums.FindAsync(Owner, id, ct) is null
                ? NotFound()
                : RedirectToPage(new { id });
        }
        Album = page;
        Name = page.Album.Name;
        return Page();
    }

    public async Task<IActionResult> OnPostRenameAsync(Guid id, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Name)) ModelState.AddModelError(nameof(Name), "Give the album a name.");
        if (!ModelState.IsValid) return await RedisplayAsync(id, ct);
        if (!await albums.RenameAsync(Owner, id, Name, ct)) return NotFound();
        StatusMessage = "Album renamed.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (!ConfirmDelete)
        {
            ModelState.Clear();
            ModelState.AddModelError(nameof(ConfirmDelete), "Tick the box to confirm.");
            return await RedisplayAsync(id, ct);
        }
        if (!await albums.DeleteAsync(Owner, id, ct)) return NotFound();
        TempData["StatusMessage"] = "Album deleted. Its images are still in your gallery.";
        return RedirectToPage("/Albums/Index");
    }

    public async Task<IActionResult> OnPostCoverAsync(Guid id, Guid image, CancellationToken ct)
    {
        if (!await albums.SetCoverAsync(Owner, id, image, ct)) return NotFound();
        StatusMessage = "Cover set.";
        return RedirectToPage(new { id });
    }

    private string Owner => users.GetUserId(User)!;

    private async Task<IActionResult> RedisplayAsync(Guid id, CancellationToken ct)
    {
        if (await browser.GetPageAsync(Owner, id, null, null, ct) is not { } page) return NotFound();
        Album = page;
        return Page();
    }
}
