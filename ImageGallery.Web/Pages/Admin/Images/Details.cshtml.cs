using System.ComponentModel.DataAnnotations;
using ImageGallery.Web.Moderation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImageGallery.Web.Pages.Admin.Images;

public class DetailsModel(ReviewQueue queue, ImageReview review, AuditLog audit) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public ReviewedImage Image { get; private set; } = null!;

    public class InputModel
    {
        [StringLength(ImageReview.MaxReasonLength, ErrorMessage = "The reason can be at most {1} characters long.")]
        public string? Reason { get; set; }

        public bool Confirm { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct)
    {
        var outcome = await review.ApproveAsync(await audit.ActorAsync(User), [id], ct);
        StatusMessage = IndexModel.Describe("Approved", outcome);
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid id, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Input.Reason))
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.Reason)}", "Give a reason: the owner will see it.");
        if (!ModelState.IsValid) return await LoadAsync(id, ct) ? Page() : NotFound();

        var outcome = await review.RejectAsync(await audit.ActorAsync(User), [id], Input.Reason!, ct);
        StatusMessage = IndexModel.Describe("Rejected", outcome);
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        if (!Input.Confirm)
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.Confirm)}", "Tick the box to confirm: deleting cannot be undone.");
        if (!ModelState.IsValid) return await LoadAsync(id, ct) ? Page() : NotFound();

        var outcome = await review.DeleteAsync(await audit.ActorAsync(User), [id], ct);
        StatusMessage = IndexModel.Describe("Deleted", outcome);
        return outcome.Done == 1 ? RedirectToPage("/Admin/Index") : RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var image = await queue.FindAsync(id, ct);
        if (image is null) return false;
        Image = image;
        return true;
    }
}
