using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Mvc.Testing;
using OpenQA.Selenium;

namespace ImageGallery.Tests.Infrastructure;

// The real app listening on a real loopback port (Kestrel, not the in-memory test
// server: a browser needs a socket), plus a headless Chromium pointed at it.
// One per test class; each test signs up its own person. One admin email, which a
// test registers (SignUpAdmin) when it needs an admin.
public abstract class BrowserFixture : IDisposable
{
    // The factory is made once the origin is known: S3 needs it for the bucket's CORS rule.
    protected BrowserFixture(Func<Uri, GalleryFactory> createFactory)
    {
        var port = FreeLoopbackPort();
        // HTTPS, as in production: outside Development the app's cookies are Secure.
        BaseUrl = new Uri($"https://127.0.0.1:{port}");
        Factory = createFactory(BaseUrl);
        // Large files go up in parts of 5 MiB, at most 12 MiB: files of a few parts stay small.
        Uploads.Multipart.MultipartApi.Configure(Factory);
        try
        {
            Factory.UseKestrel(o => o.Listen(IPAddress.Loopback, port, l => l.UseHttps(_certificate)));
            Factory.StartServer();
            Browser = new ChromeBrowser(_certificate);
        }
        catch
        {
            Factory.Dispose();
            throw;
        }
    }

    private readonly X509Certificate2 _certificate = SelfSignedCertificate();

    public Uri BaseUrl { get; }

    // A client for the test itself, trusting this fixture's certificate and no other.
    public HttpClient CreateHttpClient() => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == _certificate.Thumbprint,
    }) { BaseAddress = BaseUrl };
    public string AdminEmail { get; } = GalleryClient.NewEmail("admin");
    public GalleryFactory Factory { get; }
    public ChromeBrowser Browser { get; }
    public OpenQA.Selenium.Chrome.ChromeDriver Driver => Browser.Driver;

    public void Open(string path) => Driver.Navigate().GoToUrl(new Uri(BaseUrl, path));

    // A person registered through the real form (a fresh one unless named); the browser
    // is left signed in as them.
    public string SignUp(string? email = null)
    {
        Open("/");
        Driver.Manage().Cookies.DeleteAllCookies();
        email ??= GalleryClient.NewEmail("browser");
        Open("/Identity/Account/Register");
        Driver.FindElement(By.Id("Input_Email")).SendKeys(email);
        Driver.FindElement(By.Id("Input_Password")).SendKeys(GalleryClient.Password);
        Driver.FindElement(By.Id("Input_ConfirmPassword")).SendKeys(GalleryClient.Password);
        Driver.FindElement(By.Id("registerSubmit")).Click();
        WaitForSignedIn(email);
        return email;
    }

    // The admin, registered through the real form, granted as an operator would
    // (`admin grant`), and signed in again to carry the role.
    public void SignUpAdmin()
    {
        SignUp(AdminEmail);
        Factory.GrantAdminAsync(AdminEmail).GetAwaiter().GetResult();
        LogOut();
        LogIn(AdminEmail);
    }

    public void LogIn(string email)
    {
        Open("/Identity/Account/Login");
        Driver.FindElement(By.Id("Input_Email")).SendKeys(email);
        Driver.FindElement(By.Id("Input_Password")).SendKeys(GalleryClient.Password);
        Driver.FindElement(By.Id("login-submit")).Click();
        WaitForSignedIn(email);
    }

    // The navigation's own button, as a person leaves.
    public void LogOut()
    {
        Driver.FindElement(By.XPath("//nav//button[normalize-space()='Log out']")).Click();
        Browser.WaitFor(d => d.FindElements(By.LinkText("Log in")).Count > 0, "the signed-out navigation");
    }

    private void WaitForSignedIn(string email) =>
        Browser.WaitFor(d => d.FindElement(By.TagName("nav")).Text.Contains(email), $"the signed-in navigation for {email}");

    // For 127.0.0.1 only, made fresh per fixture; Chromium is told to accept it.
    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    // The port is picked before the app starts so the app's origin can be configured.
    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        Browser.Dispose();
        Factory.Dispose();
        _certificate.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class EmbeddedBrowserFixture() : BrowserFixture(_ => new GalleryFactory());

// The browser posts straight to the RADOS Gateway, another origin: the bucket's CORS
// rule, applied by the app's own `storage setup`, must name this app's origin.
public sealed class S3BrowserFixture() : BrowserFixture(origin => new S3GalleryFactory()
    .With($"Storage:S3:CorsOrigins:{S3GalleryFactory.CorsOrigins.Length}", origin.GetLeftPart(UriPartial.Authority)));

// The same, with a bucket whose CORS rule leaves this app's origin out.
public sealed class S3WithoutCorsBrowserFixture() : BrowserFixture(_ => new S3GalleryFactory());
