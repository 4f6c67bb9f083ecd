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

    // Previous and next in the album it was opened from; null outside an album.
    public AlbumNeighbours? InAlbum { get; private set; }

    // The <img>'s width on the page (site.css .image-page: two thirds, full width on a
    // phone), so srcset picks the smallest copy that fills it.
    public const string Sizes = "(max-width: 768px) 100vw, 66vw";

    // What the next image will show (its display copy), fetched ahead so moving to it is instant.
    public ImageView? Preload { get; private set; }

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
        if (Neighbours.Next is { } next) Preload = (await images.GetAsync(owner, next, ct))?.View;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        var owner = users.GetUserId(User)!;
        if (!ModelState.IsValid) return await LoadAsync(owner, id, ct) ? Page() : NotFound();
        // Someone else's image, or none, is a 404 here too.
        if (!await images.SetCaptionAsync(owner, id, Input.Caption, ct)) return NotFound();
        StatusMessage = string.IsNullOrWhiteSpace(Input.Caption) ? "Caption removed." : "Caption saved.";
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(string owner, Guid id, CancellationToken ct)
    {
        if (await images.GetAsync(owner, id, ct) is not { } image) return false;
        // The album's order when opened from one the image is in, else the gallery's.
        InAlbum = Album is { } album ? await albums.NeighboursAsync(owner, album, id, ct) : null;
        if (InAlbum is { } inAlbum)
            Neighbours = new ImageNeighbours(inAlbum.Newer, inAlbum.Older, $"/albums/{Album}");
        else if (await gallery.NeighboursAsync(owner, id, ct) is { } neighbours)
            (Album, Neighbours) = (null, neighbours);
        else return false;
        Image = image;
        return true;
    }
}
