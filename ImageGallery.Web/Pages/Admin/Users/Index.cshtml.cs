using ImageGallery.Web.Moderation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImageGallery.Web.Pages.Admin.Users;

public class IndexModel(UserAdmin admin, AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public Page<UserRow> Users { get; private set; } = new([], null);

    public async Task OnGetAsync(CancellationToken ct) => Users = await admin.ListAsync(After, ct);

    public async Task<IActionResult> OnPostLockAsync(string id)
    {
        StatusMessage = LockMessages.Describe(await admin.LockAsync(await audit.ActorAsync(User), id), locking: true);
        return RedirectToPage(new { after = After });
    }

    public async Task<IActionResult> OnPostUnlockAsync(string id)
    {
        StatusMessage = LockMessages.Describe(await admin.UnlockAsync(await audit.ActorAsync(User), id), locking: false);
        return RedirectToPage(new { after = After });
    }
}

public static class LockMessages
{
    public static string Describe(LockOutcome outcome, bool locking) => outcome switch
    {
        LockOutcome.Done => locking ? "The account is locked: its sessions end and it cannot log in." : "The account is unlocked.",
        LockOutcome.Self => "You cannot lock your own account.",
        LockOutcome.Unchanged => locking ? "The account was already locked." : "The account was not locked.",
        _ => "There is no such user.",
    };
}
