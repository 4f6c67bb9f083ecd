using System.Net;
using System.Security.Cryptography;
using System.Text;
using AngleSharp.Html.Parser;
using ImageGallery.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ImageGallery.Tests.Hosting;

public abstract class SecurityHeadersTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : GalleryFactory
{
    protected TFactory Factory => factory;

    protected abstract string? StorageOrigin { get; }

    [Fact]
    public async Task EveryPage_CarriesAStrictContentSecurityPolicy_AllowingTheStorageOrigin()
    {
        var response = await factory.CreateClient().GetAsync("/Identity/Account/Login");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();

        // WebAssembly may compile (the HEIC decoder); eval may not. One inline script: the
        // import map, by the hash of the very text the page carries.
        var map = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync())
            .QuerySelectorAll("script[type=importmap]").Single().TextContent;
        Assert.Contains("\"/js/upload.js\":", map);
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(map)));
        Assert.Contains($"script-src 'self' 'sha256-{hash}' 'wasm-unsafe-eval';", csp);
        Assert.DoesNotContain("'unsafe-eval'", csp);
        Assert.Contains("style-src 'self';", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        var storage = StorageOrigin is null ? "" : " " + StorageOrigin;
        Assert.Contains($"img-src 'self' data: blob:{storage};", csp);
        Assert.Contains($"connect-src 'self'{storage};", csp);
        Assert.Contains($"form-action 'self'{storage};", csp);
        Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single());
    }

    [Fact]
    public async Task OutsideDevelopment_HttpsAnswersCarryHsts_AndTheCookiesAreSecure()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://gallery.example"), AllowAutoRedirect = false,
        });
        var response = await client.GetAsync("/Identity/Account/Login");
        Assert.StartsWith("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single());

        using var person = factory.CreateGalleryClient();
        var registered = await person.RegisterAsync(GalleryClient.NewEmail());
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var cookies = registered.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith("gallery.auth=", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        var page = await factory.CreateClient().GetAsync("/Identity/Account/Login");
        Assert.All(page.Headers.GetValues("Set-Cookie"), c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
    }
}

public sealed class EmbeddedSecurityHeadersTests(GalleryFactory f) : SecurityHeadersTests<GalleryFactory>(f)
{
    protected override string? StorageOrigin => null;
}

public sealed class S3SecurityHeadersTests(S3GalleryFactory f) : SecurityHeadersTests<S3GalleryFactory>(f)
{
    protected override string? StorageOrigin => new Uri(Factory.S3Options.ServiceUrl!).GetLeftPart(UriPartial.Authority);
}
