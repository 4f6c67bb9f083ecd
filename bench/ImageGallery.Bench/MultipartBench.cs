using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace ImageGallery.Bench;

// A large file (256 MiB, parts of 16 MiB) to RGW three ways:
//  - through the browser module (multipart.js in Chromium, 4 parts in flight);
//  - raw: the same parts PUT by curl, 4 at a time, to URLs the app signed (the physical
//    limit here: no browser, no JavaScript, no app in the path);
//  - the two-hop baseline: the file POSTed to an app that puts it to S3.
// Throughput compares the first two; CPU compares the app's share of the first (start,
// signing, complete) with the baseline app's. One run each: other work shares the CPU.
public static class MultipartBench
{
    private const int MiB = 1024 * 1024;
    // Each round stores a file through the module and one through the baseline: against a
    // shared, memory-backed gateway keep it at 1 (BENCH_ROUNDS), and clean up after.
    private static readonly int Rounds = int.TryParse(Environment.GetEnvironmentVariable("BENCH_ROUNDS"), out var r) ? r : 3;

    private static TimeSpan Median(List<TimeSpan> values) => values.Order().ElementAt(values.Count / 2);

    public static async Task RunAsync(string webDll, string dataDir, int port, int sizeMiB = 256)
    {
        var origin = $"http://127.0.0.1:{port}";
        var settings = Settings.S3(dataDir, Settings.Unthrottled);
        settings["Storage:S3:CorsOrigins:0"] = origin;
        await SetupBucketAsync(webDll, settings);
        await using var app = await AppProcess.StartAsync(webDll, port, UploadCpuBench.Steady(settings));
        await using var twoHop = await AppProcess.StartAsync(typeof(MultipartBench).Assembly.Location, port + 1,
            UploadCpuBench.Steady(Settings.S3(dataDir)), "two-hop-server");
        var user = await BenchUser.RegisterAsync(app.BaseUri, "multipart@bench.test");

        var dir = Directory.CreateTempSubdirectory("bench-multipart").FullName;
        var file = Path.Combine(dir, "large.png");
        var bytes = new byte[sizeMiB * MiB];
        Random.Shared.NextBytes(bytes);
        // A PNG signature: complete's check passes, and the browser gives up decoding at once.
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(bytes, 0);
        await File.WriteAllBytesAsync(file, bytes);
        var warmUp = Path.Combine(dir, "warm-up.png");
        await File.WriteAllBytesAsync(warmUp, bytes[..(24 * MiB)]);

        // Rounds alternate raw and module, so both meet the same background load; the
        // best of each is reported (the machine is shared, so the median is also shown).
        using var browser = Browser.Open(app.BaseUri, user);
        await RawCurlAsync(user, bytes[..(8 * MiB)], dir);
        await browser.UploadAsync(warmUp, app.BaseUri);
        var (raws, modules, totals, cpus) = (new List<TimeSpan>(), new List<TimeSpan>(), new List<TimeSpan>(), new List<TimeSpan>());
        for (var round = 0; round < Rounds; round++)
        {
            raws.Add(await RawCurlAsync(user, bytes, dir));
            TimeSpan parts = default, total = default;
            cpus.Add(await UploadCpuBench.AttributableCpuAsync(app, async () => (parts, total) = await browser.UploadAsync(file, app.BaseUri)));
            modules.Add(parts);
            totals.Add(total);
        }
        var (raw, module) = (raws.Min(), modules.Min());
        Console.WriteLine($"  raw: {sizeMiB} MiB as parts by curl, 4 at a time: best {raw.TotalSeconds:N2} s ({sizeMiB / raw.TotalSeconds:N0} MiB/s), median {Median(raws).TotalSeconds:N2} s");
        Console.WriteLine($"  browser module: parts best {module.TotalSeconds:N2} s ({sizeMiB / module.TotalSeconds:N0} MiB/s, {raw / module:P0} of raw), " +
                          $"median {Median(modules).TotalSeconds:N2} s ({Median(raws) / Median(modules):P0} of raw's median); " +
                          $"choosing the file to verified tile best {totals.Min().TotalSeconds:N2} s");
        var directCpu = Median(cpus);

        using var baseline = new HttpClient { BaseAddress = twoHop.BaseUri, Timeout = TimeSpan.FromMinutes(5) };
        var hopCpu = await UploadCpuBench.AttributableCpuAsync(twoHop, async () =>
        {
            using var form = new MultipartFormDataContent();
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(content, "file", "large.png");
            using var response = await baseline.PostAsync("/upload", form);
            if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"Two-hop answered {(int)response.StatusCode}.");
        });
        Console.WriteLine($"  app CPU per {sizeMiB} MiB upload (direct: median of {Rounds}, page load excluded): direct {directCpu.TotalMilliseconds:N0} ms, two-hop {hopCpu.TotalMilliseconds:N0} ms, " +
                          $"ratio 1/{hopCpu.TotalMilliseconds / Math.Max(1, directCpu.TotalMilliseconds):N0}");
        Directory.Delete(dir, recursive: true);
        if (Environment.GetEnvironmentVariable("BENCH_DELETE_BUCKET") == "1") await DeleteBucketAsync();
    }

    // For a run against a shared gateway: nothing the bench stored stays behind.
    internal static async Task DeleteBucketAsync()
    {
        using var s3 = new Amazon.S3.AmazonS3Client(
            new Amazon.Runtime.BasicAWSCredentials(Settings.Env("S3_ACCESS_KEY"), Settings.Env("S3_SECRET_KEY")),
            new Amazon.S3.AmazonS3Config { ServiceURL = Settings.Env("S3_SERVICE_URL"), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        var bucket = Settings.Env("S3_BUCKET");
        Amazon.S3.Model.ListObjectsV2Response page;
        do
        {
            page = await s3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = bucket });
            foreach (var o in page.S3Objects ?? []) await s3.DeleteObjectAsync(bucket, o.Key);
        } while (page.IsTruncated == true);
        await s3.DeleteBucketAsync(bucket);
    }

    // `storage setup` as an operator runs it: the bucket, CORS for the app's origin, lifecycle.
    internal static async Task SetupBucketAsync(string webDll, Dictionary<string, string> settings)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, WorkingDirectory = Path.GetDirectoryName(webDll)! };
        foreach (var a in new[] { webDll, "storage", "setup" }) psi.ArgumentList.Add(a);
        foreach (var (k, v) in settings) psi.Environment[k.Replace(":", "__")] = v;
        using var setup = Process.Start(psi)!;
        await setup.WaitForExitAsync();
        if (setup.ExitCode != 0) throw new InvalidOperationException("storage setup failed.");
    }

    // Start and sign through the API, then curl PUTs the parts 4 at a time; aborted after.
    private static async Task<TimeSpan> RawCurlAsync(BenchUser user, byte[] bytes, string dir)
    {
        var start = await user.PostJsonAsync("/api/uploads/multipart",
            new { fileName = "raw.png", contentType = "image/png", size = bytes.Length }, HttpStatusCode.Created);
        var (id, partSize, count) = (start.GetProperty("id").GetString(), start.GetProperty("partSize").GetInt64(), start.GetProperty("partCount").GetInt32());
        var signed = await user.PostJsonAsync($"/api/uploads/multipart/{id}/parts",
            new { partNumbers = Enumerable.Range(1, count).ToArray() }, HttpStatusCode.OK);
        var lines = new List<string>();
        foreach (var part in signed.GetProperty("parts").EnumerateArray())
        {
            var n = part.GetProperty("partNumber").GetInt32();
            var path = Path.Combine(dir, $"part{n}");
            var from = (n - 1) * partSize;
            await File.WriteAllBytesAsync(path, bytes.AsMemory((int)from, (int)Math.Min(partSize, bytes.Length - from)).ToArray());
            lines.Add($"{path} {part.GetProperty("url").GetString()}");
        }
        await File.WriteAllLinesAsync(Path.Combine(dir, "parts.txt"), lines);

        var psi = new ProcessStartInfo("sh") { RedirectStandardOutput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"xargs -P 4 -n 2 sh -c 'curl -sS -o /dev/null -w \"%{{http_code}}\\n\" -X PUT -T \"$0\" \"$1\"' < {dir}/parts.txt");
        var clock = Stopwatch.StartNew();
        using var curl = Process.Start(psi)!;
        var codes = await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync();
        var elapsed = clock.Elapsed;
        if (codes.Split('\n', StringSplitOptions.RemoveEmptyEntries).Any(c => c != "200"))
            throw new InvalidOperationException($"curl PUTs answered: {codes}");

        using var abort = new HttpRequestMessage(HttpMethod.Delete, $"/api/uploads/multipart/{id}");
        abort.Headers.Add("RequestVerificationToken", user.Token);
        (await user.Http.SendAsync(abort)).EnsureSuccessStatusCode();
        foreach (var n in Enumerable.Range(1, count)) File.Delete(Path.Combine(dir, $"part{n}"));
        return elapsed;
    }

    // The gallery page's own module in Chromium: the file chosen in the picker; the page
    // notes when the parts are all stored ("Checking the upload…", not the "Checking…" of the type check before) and when the tile is done.
    private sealed class Browser : IDisposable
    {
        private readonly ChromeDriverService _service;
        private readonly ChromeDriver _driver;

        private Browser(ChromeDriverService service, ChromeDriver driver) => (_service, _driver) = (service, driver);

        public static Browser Open(Uri baseUri, BenchUser user)
        {
            var (service, driver) = SignedInChrome.Open(baseUri, user);
            return new Browser(service, driver);
        }

        // The page is loaded first (not timed, and its CPU is not the upload's).
        public async Task<(TimeSpan Parts, TimeSpan Total)> UploadAsync(string file, Uri baseUri)
        {
            _driver.Navigate().GoToUrl(new Uri(baseUri, "/"));
            var js = (IJavaScriptExecutor)_driver;
            js.ExecuteScript("""
                window.__t = {};
                document.getElementById('upload-input').addEventListener('change', () => { window.__t.start = performance.now(); });
                setInterval(() => {
                    const item = document.querySelector('.upload-item');
                    if (!item) return;
                    if (!window.__t.parts && /Checking the upload/.test(item.textContent)) window.__t.parts = performance.now();
                    if (!window.__t.done && item.dataset.state === 'done') window.__t.done = performance.now();
                    if (item.dataset.state === 'failed') window.__t.failed = item.textContent;
                }, 10);
                """);
            _driver.FindElement(By.Id("upload-input")).SendKeys(file);
            await Task.Run(() => new WebDriverWait(_driver, TimeSpan.FromMinutes(5)).Until(_ =>
                js.ExecuteScript("return window.__t.done !== undefined || window.__t.failed !== undefined") is true));
            var t = (IReadOnlyDictionary<string, object>)js.ExecuteScript("return window.__t")!;
            if (t.TryGetValue("failed", out var failed)) throw new InvalidOperationException($"The upload failed: {failed}");
            double Ms(string k) => Convert.ToDouble(t[k]);
            return (TimeSpan.FromMilliseconds(Ms("parts") - Ms("start")), TimeSpan.FromMilliseconds(Ms("done") - Ms("start")));
        }

        public void Dispose()
        {
            _driver.Quit();
            _driver.Dispose();
            _service.Dispose();
        }
    }
}
