using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;

namespace ImageGallery.Tests.Infrastructure;

// An HttpClient that behaves like one person's browser: cookies, real forms and
// the antiforgery token the pages carry.
public sealed class GalleryClient(HttpClient http) : IDisposable
{
    public const string Password = "correct horse battery";

    public HttpClient Http { get; } = http;
    public string? Email { get; private set; }

    public static string NewEmail(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}@example.test";

    public async Task<IDocument> GetPageAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Http.GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
        return await Html.ParseAsync(response);
    }

    // Fills the page's form (selector) with the given values and submits it.
    public async Task<HttpResponseMessage> SubmitFormAsync(
        string pageUrl, IDictionary<string, string> values, string selector = "main form")
    {
        var doc = await GetPageAsync(pageUrl);
        return await SubmitFormAsync(doc, values, selector, pageUrl);
    }

    public async Task<HttpResponseMessage> SubmitFormAsync(
        IDocument doc, IDictionary<string, string> values, string selector, string pageUrl)
    {
        var fields = Html.FormValues(doc, selector);
        foreach (var (k, v) in values) fields[k] = v;
        var action = Html.FormAction(doc, selector);
        return await Http.PostAsync(string.IsNullOrEmpty(action) ? pageUrl : action, new FormUrlEncodedContent(fields));
    }

    public async Task<HttpResponseMessage> RegisterAsync(string email, string password = Password)
    {
        var response = await SubmitFormAsync("/Identity/Account/Register", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });
        if (response.StatusCode == HttpStatusCode.Redirect) Email = email;
        return response;
    }

    public async Task<HttpResponseMessage> LoginAsync(string email, string password = Password)
    {
        var response = await SubmitFormAsync("/Identity/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        if (response.StatusCode == HttpStatusCode.Redirect) Email = email;
        return response;
    }

    // A fresh, signed-in person.
    public async Task<GalleryClient> SignUpAsync(string prefix = "user")
    {
        var response = await RegisterAsync(NewEmail(prefix));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return this;
    }

    // The token the gallery page carries for the upload module.
    public async Task<string> AntiforgeryTokenAsync()
    {
        var doc = await GetPageAsync("/");
        return doc.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
               ?? throw new InvalidOperationException("The gallery page carries no antiforgery token.");
    }

    public async Task<HttpResponseMessage> PostJsonAsync(string url, object body, bool withToken = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (withToken) request.Headers.Add("RequestVerificationToken", await AntiforgeryTokenAsync());
        return await Http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> SendWithTokenAsync(HttpMethod method, string url)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add("RequestVerificationToken", await AntiforgeryTokenAsync());
        return await Http.SendAsync(request);
    }

    public void Dispose() => Http.Dispose();
}
