using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImageGallery.Web.Pages;

public class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
