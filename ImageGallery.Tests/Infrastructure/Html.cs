using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace ImageGallery.Tests.Infrastructure;

public static class Html
{
    public static async Task<IDocument> ParseAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New(Configuration.Default);
        return await context.OpenAsync(req => req.Content(html).Address(response.RequestMessage?.RequestUri?.ToString() ?? "http://localhost/"));
    }

    // The form's current field values (hidden antiforgery token included), ready to
    // be changed and posted back, as a browser would.
    public static Dictionary<string, string> FormValues(IDocument doc, string selector = "main form")
    {
        var form = doc.QuerySelector(selector) as IHtmlFormElement
                   ?? throw new InvalidOperationException($"No form matches '{selector}'.");
        var values = new Dictionary<string, string>();
        foreach (var el in form.Elements)
        {
            switch (el)
            {
                case IHtmlInputElement i when !string.IsNullOrEmpty(i.Name) && i.Type is not ("submit" or "button" or "file"):
                    if (i.Type is "checkbox" or "radio") { if (i.IsChecked) values[i.Name!] = i.Value; }
                    else values[i.Name!] = i.Value;
                    break;
                case IHtmlTextAreaElement t when !string.IsNullOrEmpty(t.Name):
                    values[t.Name!] = t.Value;
                    break;
                case IHtmlSelectElement s when !string.IsNullOrEmpty(s.Name):
                    values[s.Name!] = s.Value ?? "";
                    break;
            }
        }
        return values;
    }

    public static string FormAction(IDocument doc, string selector = "main form") =>
        (doc.QuerySelector(selector) as IHtmlFormElement
         ?? throw new InvalidOperationException($"No form matches '{selector}'.")).GetAttribute("action") ?? "";

    // Field errors as Identity UI and our pages render them: data-valmsg-for spans.
    public static Dictionary<string, string> FieldErrors(IDocument doc) =>
        doc.QuerySelectorAll("[data-valmsg-for]")
            .Where(e => !string.IsNullOrWhiteSpace(e.TextContent))
            .ToDictionary(e => e.GetAttribute("data-valmsg-for")!, e => e.TextContent.Trim());
}
