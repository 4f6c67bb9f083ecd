using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImageGallery.Web.Pages;

// Rendered in place (status code pages re-execute) for 4xx/5xx answers without a
// body, so the status the browser sees is the real one.
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public class StatusModel : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        (Title, Message) = code switch
        {
            403 => ("Access denied", "You do not have permission to see this page."),
            404 => ("Not found", "There is nothing here. It may have been deleted."),
            429 => ("Slow down", "Too many requests. Wait a moment and try again."),
            _ => ("Something went wrong", "The request could not be completed."),
        };
        // A direct visit to /status/404 should not pretend to be a 200.
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null)
            Response.StatusCode = code is >= 400 and <= 599 ? code : 404;
    }
}
