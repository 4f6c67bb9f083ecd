using System.ComponentModel.DataAnnotations;
using ImageGallery.Web.Albums;
using ImageGallery.Web.Data;
using ImageGallery.Web.Trash;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImageGallery.Web.Pages;

// Where the selection bar's forms (Pages/Shared/_SelectionBar.cshtml) and the image
// page's album form post: the chosen image ids, one action, and the page to go back to.
// An id that is not the person's is a 404, as everywhere; nothing is done then.
public class SelectionModel(TrashService trash, AlbumService albums, UserManager<AppUser> users) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    [BindProperty(Name = "ids")]
    public Guid[] Ids { get; set; } = [];

    [BindProperty(Name = "returnUrl")]
    public string? ReturnUrl { get; set; }

    // The album to remove from (the album page's bar).
    [BindProperty(Name = "album")]
    public Guid? Album { get; set; }

    // The album to add to (the bar's list), unless NewAlbum names a new one.
    [BindProperty(Name = "target")]
    public Guid? Target { get; set; }

    [BindProperty(Name = "newAlbum")]
    [StringLength(AlbumConfiguration.MaxNameLength)]
    public string? NewAlbum { get; set; }

    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostTrashAsync(CancellationToken ct)
    {
        if (Refusal() is { } refused) return refused;
        BulkOutcome outcome;
        try
        {
            outcome = await trash.MoveToTrashAsync(Owner, Ids, ct);
        }
        catch (ConcurrentChangeException e)
        {
            return Back(e.Message);
        }
        if (!outcome.Ok) return NotFound();
        TrashUndo.Offer(TempData, outcome);
        return Back();
    }

    public async Task<IActionResult> OnPostAddToAlbumAsync(CancellationToken ct)
    {
        if (Refusal() is { } refused) return refused;
        if (!ModelState.IsValid) return Back($"An album name can be at most {AlbumConfiguration.MaxNameLength} characters long.");
        var album = Target;
        if (!string.IsNullOrWhiteSpace(NewAlbum)) album = (await albums.CreateAsync(Owner, NewAlbum, ct)).Id;
        if (album is not { } albumId) return Back("Choose an album, or name a new one.");
        var outcome = await albums.AddAsync(Owner, albumId, Ids, ct);
        if (outcome is not { Ok: true }) return NotFound();
        var name = (await albums.FindAsync(Owner, albumId, ct))!.Name;
        return Back(Ids.Length == 1 ? $"Added to “{name}”." : $"{Ids.Length} images added to “{name}”.");
    }

    public async Task<IActionResult> OnPostRemoveFromAlbumAsync(CancellationToken ct)
    {
        if (Refusal() is { } refused) return refused;
        if (Album is not { } albumId) return NotFound();
        BulkOutcome? outcome;
        try
        {
            outcome = await albums.RemoveAsync(Owner, albumId, Ids, ct);
        }
        catch (ConcurrentChangeException e)
        {
            return Back(e.Message);
        }
        if (outcome is not { Ok: true }) return NotFound();
        return Back(outcome.Changed == 1 ? "Removed from the album." : $"{outcome.Changed} images removed from the album.");
    }

    private string Owner => users.GetUserId(User)!;

    private IActionResult? Refusal() => BulkIds.Problem(Ids) is { } problem ? Back(problem) : null;

    private IActionResult Back(string? message = null)
    {
        if (message is not null) StatusMessage = message;
        return Url.IsLocalUrl(ReturnUrl) ? LocalRedirect(ReturnUrl) : RedirectToPage("/Index");
    }
}
