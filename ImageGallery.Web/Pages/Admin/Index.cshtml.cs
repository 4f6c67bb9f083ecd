using System.ComponentModel.DataAnnotations;
using ImageGallery.Web.Moderation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImageGallery.Web.Pages.Admin;

public class IndexModel(ReviewQueue queue, ImageReview review, AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public QueueStatus Status { get; set; } = QueueStatus.Awaiting;

    [BindProperty(SupportsGet = true, Name = "user")]
    public string? OwnerEmail { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? After { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public Page<QueueItem> Queue { get; private set; } = new([], null);

    // Where the forms post back and redirect to: the same filtered view.
    public Dictionary<string, string> Filters => new Dictionary<string, string?>
        {
            ["status"] = Status.ToString().ToLowerInvariant(),
            ["user"] = string.IsNullOrWhiteSpace(OwnerEmail) ? null : OwnerEmail.Trim(),
            ["after"] = After?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }
        .Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value!);

    public class InputModel
    {
        public List<Guid> Ids { get; set; } = [];

        [StringLength(ImageReview.MaxReasonLength, ErrorMessage = "The reason can be at most {1} characters long.")]
        public string? Reason { get; set; }

        // Tells the page which reason field to put an error next to.
        public bool Bulk { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostApproveAsync(CancellationToken ct)
    {
        if (Input.Ids.Count == 0) return Done("Select at least one image.");
        var outcome = await review.ApproveAsync(await audit.ActorAsync(User), Input.Ids, ct);
        return Done(Describe("Approved", outcome));
    }

    public async Task<IActionResult> OnPostRejectAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Input.Reason))
            ModelState.AddModelError($"{nameof(Input)}.{nameof(Input.Reason)}", "Give a reason: the owner will see it.");
        if (!ModelState.IsValid)
        {
            await LoadAsync(ct);
            return Page();
        }
        if (Input.Ids.Count == 0) return Done("Select at least one image.");
        var outcome = await review.RejectAsync(await audit.ActorAsync(User), Input.Ids, Input.Reason!, ct);
        return Done(Describe("Rejected", outcome));
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        if (Input.Ids.Count == 0) return Done("Select at least one image.");
        var outcome = await review.DeleteAsync(await audit.ActorAsync(User), Input.Ids, ct);
        return Done(Describe("Deleted", outcome));
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Queue = await queue.ListAsync(new QueueFilter(Status, OwnerEmail, After), ct);

    private RedirectToPageResult Done(string message)
    {
        StatusMessage = message;
        return RedirectToPage(Filters.ToDictionary(f => f.Key, f => (object?)f.Value));
    }

    internal static string Describe(string verb, ReviewOutcome outcome)
    {
        var message = $"{verb} {outcome.Done} image{(outcome.Done == 1 ? "" : "s")}.";
        if (outcome.StorageUnavailable) message += " Storage is unavailable: the rest were left alone, try again later.";
        else if (outcome.Skipped > 0) message += $" {outcome.Skipped} skipped (already done or gone).";
        return message;
    }
}
