using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImageGallery.Web.Pages.Admin;

public class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
