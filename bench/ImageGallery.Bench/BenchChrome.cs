using OpenQA.Selenium.Chrome;

namespace ImageGallery.Bench;

// Headless Chromium signed in as a bench user (its auth cookie set on the app's origin).
public sealed class BenchChrome : IDisposable
{
    private readonly ChromeDriverService _service;

    private BenchChrome(ChromeDriverService service, ChromeDriver driver) => (_service, Driver) = (service, driver);

    public ChromeDriver Driver { get; }

    public static BenchChrome Open(Uri baseUri, BenchUser user, string windowSize = "1280,900")
    {
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            $"--window-size={windowSize}", $"--user-data-dir={Directory.CreateTempSubdirectory("bench-chrome").FullName}");
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.HideCommandPromptWindow = true;
        var driver = new ChromeDriver(service, options);
        driver.Navigate().GoToUrl(new Uri(baseUri, "/health"));
        var auth = user.CookieHeader.Split("; ").Select(c => c.Split('=', 2)).First(c => c[0] == "gallery.auth");
        driver.Manage().Cookies.AddCookie(new OpenQA.Selenium.Cookie(auth[0], auth[1], "/"));
        return new BenchChrome(service, driver);
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        _service.Dispose();
    }
}
