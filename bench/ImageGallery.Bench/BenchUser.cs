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
        var cookies = new CookieJar { InnerHandler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false } };
        var http = new HttpClient(cookies) { BaseAddress = baseUri };
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
            CookieHeader = cookies.Header,
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

    // The app runs as in production, so its cookies are Secure, and the bench talks plain
    // HTTP on loopback (the hop behind a TLS-terminating proxy): a CookieContainer would
    // hold Secure cookies back over http, so this jar keeps and sends them itself.
    private sealed class CookieJar : DelegatingHandler
    {
        private readonly Dictionary<string, string> _cookies = new();

        public string Header
        {
            get { lock (_cookies) return string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")); }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var header = Header;
            if (header.Length > 0) request.Headers.Add("Cookie", header);
            var response = await base.SendAsync(request, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
                lock (_cookies)
                    foreach (var pair in set.Select(c => c.Split(';', 2)[0].Split('=', 2)))
                        _cookies[pair[0]] = pair[1];
            return response;
        }
    }

    private static string TokenIn(string html) =>
        TokenPattern().Match(html) is { Success: true } m ? m.Groups[1].Value
            : throw new InvalidOperationException("No antiforgery token on the page.");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
