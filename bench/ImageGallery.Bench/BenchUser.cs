using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ImageGallery.Bench;

// One signed-in person: registered through the real form, holding the auth cookie
// and the gallery page's antiforgery token, as the upload module does.
public sealed partial class BenchUser
{
    public required string Email { get; init; }
    public required string CookieHeader { get; init; }
    public required string Token { get; init; }
    public required HttpClient Http { get; init; }

    public static async Task<BenchUser> RegisterAsync(Uri baseUri, string email, string password = "bench password 1")
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false })
        {
            BaseAddress = baseUri,
        };
        var form = await http.GetStringAsync("/Identity/Account/Register");
        var response = await http.PostAsync("/Identity/Account/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
            ["__RequestVerificationToken"] = TokenIn(form),
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Registering {email} answered {(int)response.StatusCode}.");
        var gallery = await http.GetStringAsync("/");
        return new BenchUser
        {
            Email = email,
            Http = http,
            Token = TokenIn(gallery),
            CookieHeader = cookies.GetCookieHeader(baseUri),
        };
    }

    public async Task<JsonElement> PostJsonAsync(string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        request.Headers.Add("RequestVerificationToken", Token);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string TokenIn(string html) =>
        TokenPattern().Match(html) is { Success: true } m ? m.Groups[1].Value
            : throw new InvalidOperationException("No antiforgery token on the page.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
