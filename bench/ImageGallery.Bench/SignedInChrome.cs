using OpenQA.Selenium.Chrome;

namespace ImageGallery.Bench;

// Headless Chromium (Debian's, never a downloaded one) signed in as a bench user: the
// app's auth cookie set on its origin, so pages load as that person's.
public static class SignedInChrome
{
    public static (ChromeDriverService Service, ChromeDriver Driver) Open(Uri baseUri, BenchUser user)
    {
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=1280,900", $"--user-data-dir={Directory.CreateTempSubdirectory("bench-chrome").FullName}");
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.HideCommandPromptWindow = true;
        var driver = new ChromeDriver(service, options);
        driver.Navigate().GoToUrl(new Uri(baseUri, "/health"));
        var auth = user.CookieHeader.Split("; ").Select(c => c.Split('=', 2)).First(c => c[0] == "gallery.auth");
        driver.Manage().Cookies.AddCookie(new OpenQA.Selenium.Cookie(auth[0], auth[1], "/"));
        return (service, driver);
    }
}
