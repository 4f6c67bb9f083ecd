using ImageGallery.Web.Data;
using ImageGallery.Web.Hosting;
using ImageGallery.Web.Trash;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImageGallery.Web.Pages.Trash;

public class IndexModel(TrashService trash, UserManager<AppUser> users, TimeProvider time, IOptions<GalleryOptions> options) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    public TrashPage Trash { get; private set; } = null!;

    public DateTime Now { get; private set; }

    [BindProperty]
    public bool ConfirmEmpty { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid? before, CancellationToken ct)
    {
        await LoadAsync(before, ct);
        return Page();
    }

    public Task<IActionResult> OnPostRestoreAsync(Guid[] ids, CancellationToken ct) =>
        BulkAsync(ids, trash.RestoreAsync, n => n == 1 ? "Restored." : $"{n} images restored.", ct);

    public Task<IActionResult> OnPostDeleteAsync(Guid[] ids, CancellationToken ct) =>
        BulkAsync(ids, trash.DeleteForeverAsync, n => n == 1 ? "Deleted for ever." : $"{n} images deleted for ever.", ct);

    public async Task<IActionResult> OnPostEmptyAsync(CancellationToken ct)
    {
        if (!ConfirmEmpty)
        {
            ModelState.AddModelError(nameof(ConfirmEmpty), "Tick the box to confirm: the images cannot be brought back.");
            await LoadAsync(null, ct);
            return Page();
        }
        var n = await trash.EmptyAsync(users.GetUserId(User)!, ct);
        StatusMessage = n == 0 ? "The trash was already empty." : $"The trash was emptied: {n} images deleted for ever.";
        return RedirectToPage();
    }

    // The layout's Undo form, after a move to the trash from any page; back where it came from.
    public async Task<IActionResult> OnPostUndoAsync(long at, string? returnUrl, CancellationToken ct)
    {
        var n = await trash.UndoAsync(users.GetUserId(User)!, new DateTime(at, DateTimeKind.Utc), ct);
        StatusMessage = n == 0 ? "Nothing to undo: those images are no longer in the trash." : n == 1 ? "Restored." : $"{n} images restored.";
        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToPage("/Index");
    }

    private async Task<IActionResult> BulkAsync(Guid[] ids, Func<string, IReadOnlyCollection<Guid>, CancellationToken, Task<BulkOutcome>> action,
        Func<int, string> message, CancellationToken ct)
    {
        if (BulkIds.Problem(ids) is { } problem)
        {
            StatusMessage = problem;
            return RedirectToPage();
        }
        BulkOutcome outcome;
        try
        {
            outcome = await action(users.GetUserId(User)!, ids, ct);
        }
        catch (ConcurrentChangeException e)
        {
            StatusMessage = e.Message;
            return RedirectToPage();
        }
        // Someone else's id, or one no longer in the trash: the same 404 as for a stranger.
        if (!outcome.Ok) return NotFound();
        StatusMessage = message(outcome.Changed);
        return RedirectToPage();
    }

    public string DaysText() => options.Value.TrashRetention.TotalDays is var d && d == 1 ? "1 day" : $"{d:0.#} days";

    private async Task LoadAsync(Guid? before, CancellationToken ct)
    {
        Now = time.GetUtcNow().UtcDateTime;
        Trash = await trash.GetPageAsync(users.GetUserId(User)!, before, ct);
    }
}
