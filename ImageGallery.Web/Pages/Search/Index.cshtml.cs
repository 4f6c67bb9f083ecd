using ImageGallery.Web.Data;
using ImageGallery.Web.Search;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImageGallery.Web.Pages.Search;

public class IndexModel(SearchService search, UserManager<AppUser> users) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Q { get; set; }

    public SearchResults? Results { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? after, CancellationToken ct)
    {
        var (query, error) = SearchQuery.Parse(Q);
        if (error is not null) ModelState.AddModelError("q", error);
        if (query is null) return Page();
        Results = await search.SearchAsync(users.GetUserId(User)!, query, SearchCursor.Parse(after), ct);
        return Page();
    }
}
