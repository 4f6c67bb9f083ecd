using System.ComponentModel.DataAnnotations;
using ImageGallery.Web.Moderation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImageGallery.Web.Pages.Admin.Users;

public class DetailsModel(UserAdmin admin, AuditLog audit) : PageModel
{
    private const long Megabyte = 1024 * 1024;

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public UserRow Account { get; private set; } = null!;

    // Empty means "the default from configuration"; 0 is a real limit (no uploads).
    public class InputModel
    {
        [Display(Name = "Maximum images")]
        [Range(0, 10_000_000, ErrorMessage = "{0} must be between {1} and {2}, or empty for the default.")]
        public int? MaxImages { get; set; }

        [Display(Name = "Maximum storage (MB)")]
        [Range(0, 100_000_000, ErrorMessage = "{0} must be between {1} and {2}, or empty for the default.")]
        public long? MaxMegabytes { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        Input = new InputModel
        {
            MaxImages = Account.MaxImagesOverride,
            MaxMegabytes = Account.MaxBytesOverride is { } b ? (b + Megabyte - 1) / Megabyte : null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostQuotaAsync(string id, CancellationToken ct)
    {
        if (!ModelState.IsValid) return await LoadAsync(id, ct) ? Page() : NotFound();
        var found = await admin.SetQuotaAsync(await audit.ActorAsync(User), id,
            Input.MaxImages, Input.MaxMegabytes * Megabyte, ct);
        if (!found) return NotFound();
        StatusMessage = "Quota saved.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostLockAsync(string id)
    {
        StatusMessage = LockMessages.Describe(await admin.LockAsync(await audit.ActorAsync(User), id), locking: true);
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostUnlockAsync(string id)
    {
        StatusMessage = LockMessages.Describe(await admin.UnlockAsync(await audit.ActorAsync(User), id), locking: false);
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var account = await admin.FindAsync(id, ct);
        if (account is null) return false;
        Account = account;
        return true;
    }
}
