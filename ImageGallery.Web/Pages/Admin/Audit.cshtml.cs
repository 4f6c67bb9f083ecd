using ImageGallery.Web.Data;
using ImageGallery.Web.Moderation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImageGallery.Web.Pages.Admin;

public class AuditModel(AuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "act")]
    public string? ActionName { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true)]
    public long? Before { get; set; }

    public Page<AuditEntry> Entries { get; private set; } = new([], null);

    public async Task OnGetAsync(CancellationToken ct) =>
        Entries = await audit.ListAsync(new AuditFilter(ActionName, Email, Before), ct);
}
