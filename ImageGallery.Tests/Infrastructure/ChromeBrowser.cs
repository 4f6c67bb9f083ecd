using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace ImageGallery.Tests.Infrastructure;

// Debian's headless Chromium driven by Debian's ChromeDriver. Both paths are given to
// Selenium explicitly, so Selenium Manager never runs and nothing is downloaded.
public sealed class ChromeBrowser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string ChromeDriverPath = "/usr/bin/chromedriver";

    private readonly ChromeDriverService _service;
    private readonly string _profile;
    private readonly int _driverPid;

    public ChromeDriver Driver { get; }

    // trusted: the app's self-signed certificate, which Chromium then treats as valid. With
    // --ignore-certificate-errors alone the page loads but nothing it fetches is put in the
    // HTTP cache (Chromium caches no response with a certificate error), unlike production.
    public ChromeBrowser(X509Certificate2? trusted = null)
    {
        foreach (var path in new[] { ChromiumPath, ChromeDriverPath })
            if (!File.Exists(path))
                throw new InvalidOperationException(
                    $"{path} is missing: the browser tests need Debian's chromium and chromium-driver. " +
                    "Run scripts/test.sh, which installs them.");

        // Belt and braces: should anything still reach for Selenium Manager, it stays offline.
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");

        _profile = Directory.CreateTempSubdirectory("gallery-chromium-").FullName;
        _service = ChromeDriverService.CreateDefaultService(
            Path.GetDirectoryName(ChromeDriverPath)!, Path.GetFileName(ChromeDriverPath));
        _service.HideCommandPromptWindow = true;
        _service.SuppressInitialDiagnosticInformation = true;

        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=1280,900", $"--user-data-dir={_profile}",
            // The test app's certificate is self-signed (BrowserFixture).
            "--ignore-certificate-errors");
        if (trusted is not null)
            options.AddArgument("--ignore-certificate-errors-spki-list=" +
                Convert.ToBase64String(SHA256.HashData(trusted.PublicKey.ExportSubjectPublicKeyInfo())));
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);

        try
        {
            Driver = new ChromeDriver(_service, options, TimeSpan.FromSeconds(60));
            _driverPid = _service.ProcessId;
        }
        catch
        {
            _service.Dispose();
            DeleteProfile();
            throw;
        }
        Driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
    }

    // Waits for a condition the page reaches by itself (uploads, image loads), failing
    // with `what` if it never does. A generous ceiling, not a timing assertion.
    public T WaitFor<T>(Func<IWebDriver, T?> condition, string what, int seconds = 60)
    {
        var wait = new WebDriverWait(Driver, TimeSpan.FromSeconds(seconds)) { Message = $"Waited for {what}." };
        wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException));
        try
        {
            return wait.Until(condition)!;
        }
        catch (WebDriverTimeoutException e)
        {
            throw new WebDriverTimeoutException($"{e.Message}\n{Diagnostics()}", e);
        }
    }

    // What a person would see, and what the page's scripts complained about.
    public string Diagnostics()
    {
        var console = Driver.Manage().Logs.GetLog(LogType.Browser).Select(l => $"  [{l.Level}] {l.Message}");
        var main = Driver.FindElements(By.TagName("main")).FirstOrDefault()?.Text ?? "(no main)";
        return $"At {Driver.Url}. The page shows:\n{main}\nBrowser console:\n{string.Join("\n", console)}";
    }

    public object? Script(string js, params object[] args) => Driver.ExecuteScript(js, args);

    public void Dispose()
    {
        try { Driver.Quit(); }
        catch (WebDriverException) { }
        // Quit closes Chromium; if the driver is wedged, end the driver we started and
        // the browser it started, and nothing else.
        try
        {
            using var driver = Process.GetProcessById(_driverPid);
            if (!driver.HasExited) driver.Kill(entireProcessTree: true);
        }
        catch (ArgumentException) { }
        catch (InvalidOperationException) { }
        _service.Dispose();
        DeleteProfile();
    }

    private void DeleteProfile()
    {
        try { Directory.Delete(_profile, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
