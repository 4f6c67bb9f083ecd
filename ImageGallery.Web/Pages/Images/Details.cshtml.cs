using System.ComponentModel.DataAnnotations;
using ImageGallery.Web.Albums;
using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImageGallery.Web.Pages.Images;

public class DetailsModel(ImageService images, GalleryService gallery, AlbumBrowser albums, UserManager<AppUser> users) : PageModel
{
    // Opened from an album (?album=): previous, next and "All images" follow the album.
    [BindProperty(SupportsGet = true, Name = "album")]
    public Guid? Album { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public ImageDetails Image { get; private set; } = null!;

    public ImageNeighbours Neighbours { get; private set; } = null!;

    // What the next image will show, fetched ahead so moving to it is instant.
    public Uri? PreloadUrl { get; private set; }

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
        var owner = users.GetUserId(User)!;
        if (!await LoadAsync(owner, id, ct)) return NotFound();
        Input.Caption = Image.Caption;
        if (Neighbours.Next is { } next) PreloadUrl = (await images.GetAsync(owner, next, ct))?.ViewUrl;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var owner = users.GetUserId(User)!;
        if (!await LoadAsync(owner, id, ct)) return NotFound();
        if (!ModelState.IsValid) return Page();

        if (!await images.SetCaptionAsync(owner, id, Input.Caption, ct)) return NotFound();
        StatusMessage = string.IsNullOrWhiteSpace(Input.Caption) ? "Caption removed." : "Caption saved.";
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(string owner, Guid id, CancellationToken ct)
    {
        if (await images.GetAsync(owner, id, ct) is not { } image) return false;
        if (await gallery.NeighboursAsync(owner, id, ct) is not { } neighbours) return false;
        if (Album is { } album && await albums.NeighboursAsync(owner, album, id, ct) is { } inAlbum)
            neighbours = new ImageNeighbours(inAlbum.Newer, inAlbum.Older, $"/albums/{album}");
        else Album = null;
        (Image, Neighbours) = (image, neighbours);
        return true;
    }
}
