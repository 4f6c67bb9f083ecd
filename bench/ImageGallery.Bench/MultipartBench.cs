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
        // A PNG signature, then noise: complete's check passes, and the page's header probe
        // (pixel-size.js) finds no IHDR chunk, so it makes no copies (before it, Chromium read
        // all 256 MiB into its decoder to find the same, competing with the parts).
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(bytes, 0);
        await File.WriteAllBytesAsync(file, bytes);
        // Above the multipart threshold (64 MiB), so the warm-up goes the same way.
        var warmUp = Path.Combine(dir, "warm-up.png");
        await File.WriteAllBytesAsync(warmUp, bytes[..(72 * MiB)]);

        using var baseline = new HttpClient { BaseAddress = twoHop.BaseUri, Timeout = TimeSpan.FromMinutes(5) };
        async Task TwoHopAsync(byte[] body)
        {
            using var form = new MultipartFormDataContent();
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(content, "file", "large.png");
            using var response = await baseline.PostAsync("/upload", form);
            if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"Two-hop answered {(int)response.StatusCode}.");
        }

        // Both apps warm before anything is measured: one whole upload each (the module's
        // through the same start, sign, complete path), so the figures are a running
        // server's, not its first request's (JIT, EF query compilation, first connections).
        using var browser = Browser.Open(app.BaseUri, user);
        await RawCurlAsync(user, bytes[..(8 * MiB)], dir);
        browser.Load(app.BaseUri);
        await browser.UploadAsync(warmUp);
        await TwoHopAsync(bytes[..(8 * MiB)]);
        var inPage = Environment.GetEnvironmentVariable("BENCH_IN_PAGE") == "1";

        // Rounds alternate raw and module, so both meet the same background load; the
        // best of each is reported (the machine is shared, so the median is also shown).
        var (raws, modules, totals, cpus) = (new List<TimeSpan>(), new List<TimeSpan>(), new List<TimeSpan>(), new List<CpuSplit>());
        var (fetches, xhrs) = (new List<TimeSpan>(), new List<TimeSpan>());
        for (var round = 0; round < Rounds; round++)
        {
            raws.Add(await RawCurlAsync(user, bytes, dir));
            if (inPage)
            {
                browser.Load(app.BaseUri);
                fetches.Add(browser.RawInPage(file, "fetch"));
                browser.Load(app.BaseUri);
                xhrs.Add(browser.RawInPage(file, "xhr"));
            }
            TimeSpan parts = default, total = default;
            browser.Load(app.BaseUri);
            cpus.Add(await UploadCpuBench.CpuSplitAsync(app, async () => (parts, total) = await browser.UploadAsync(file)));
            modules.Add(parts);
            totals.Add(total);
        }
        var (raw, module) = (raws.Min(), modules.Min());
        Console.WriteLine($"  raw: {sizeMiB} MiB as parts by curl, 4 at a time: best {raw.TotalSeconds:N2} s ({sizeMiB / raw.TotalSeconds:N0} MiB/s), median {Median(raws).TotalSeconds:N2} s");
        if (inPage)
            Console.WriteLine($"  raw in Chromium (page script, 4 at a time): fetch best {fetches.Min().TotalSeconds:N2} s ({raw / fetches.Min():P0} of curl), " +
                              $"XMLHttpRequest best {xhrs.Min().TotalSeconds:N2} s ({raw / xhrs.Min():P0} of curl)");
        Console.WriteLine($"  browser module: parts best {module.TotalSeconds:N2} s ({sizeMiB / module.TotalSeconds:N0} MiB/s, {raw / module:P0} of raw), " +
                          $"median {Median(modules).TotalSeconds:N2} s ({Median(raws) / Median(modules):P0} of raw's median); " +
                          $"choosing the file to verified tile best {totals.Min().TotalSeconds:N2} s");
        var direct = cpus.OrderBy(c => c.Attributable).ElementAt(cpus.Count / 2);

        var hop = await UploadCpuBench.CpuSplitAsync(twoHop, () => TwoHopAsync(bytes));
        Console.WriteLine($"  app CPU per {sizeMiB} MiB upload (warm; direct: median of {Rounds}, page load excluded): direct {direct.Attributable.TotalMilliseconds:N0} ms, two-hop {hop.Attributable.TotalMilliseconds:N0} ms, " +
                          $"ratio 1/{hop.Attributable.TotalMilliseconds / Math.Max(1, direct.Attributable.TotalMilliseconds):N0}");
        Console.WriteLine($"    (direct: {direct.Busy.TotalMilliseconds:N0} ms during the upload's {direct.Wall.TotalSeconds:N2} s, less {direct.Idle.TotalMilliseconds:N0} ms idle over as long; " +
                          $"two-hop: {hop.Busy.TotalMilliseconds:N0} ms less {hop.Idle.TotalMilliseconds:N0} ms idle)");
        await CallCostsAsync(app, user, bytes[..(64 * 1024)]);
        Directory.Delete(dir, recursive: true);
        if (Environment.GetEnvironmentVariable("BENCH_DELETE_BUCKET") == "1") await DeleteBucketAsync();
    }

    // Where the direct path's CPU goes, per API call of a (one-part) upload in parts, on
    // the warm app: each call's CPU summed over many uploads, one at a time; and what the
    // app spends doing nothing (its timers) over the same wall time, for scale.
    private static async Task CallCostsAsync(AppProcess app, BenchUser user, byte[] small)
    {
        // BENCH_CALLS: more uploads, e.g. to attach a profiler (dotnet-trace) meanwhile.
        var n = int.TryParse(Environment.GetEnvironmentVariable("BENCH_CALLS"), out var calls) ? calls : 40;
        using var storage = new HttpClient();
        var costs = new Dictionary<string, TimeSpan> { ["start"] = default, ["sign"] = default, ["complete"] = default };
        async Task<System.Text.Json.JsonElement> Timed(string step, Func<Task<System.Text.Json.JsonElement>> call)
        {
            var before = app.Cpu;
            var result = await call();
            costs[step] += app.Cpu - before;
            return result;
        }
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            var start = await Timed("start", () => user.PostJsonAsync("/api/uploads/multipart",
                new { fileName = "small.png", contentType = "image/png", size = small.Length }, HttpStatusCode.Created));
            var id = start.GetProperty("id").GetString();
            // The start signed part 1 already; a signing call is timed anyway (the 17th part
            // on, or a URL signed again), and its URL used.
            var signed = await Timed("sign", () => user.PostJsonAsync($"/api/uploads/multipart/{id}/parts", new { partNumbers = new[] { 1 } }, HttpStatusCode.OK));
            using var put = await storage.PutAsync(signed.GetProperty("parts")[0].GetProperty("url").GetString(), new ByteArrayContent(small));
            put.EnsureSuccessStatusCode();
            await Timed("complete", () => user.PostJsonAsync($"/api/uploads/multipart/{id}/complete", null, HttpStatusCode.OK));
        }
        var wall = clock.Elapsed;
        var idleBefore = app.Cpu;
        await Task.Delay(TimeSpan.FromSeconds(5));
        var idle = (app.Cpu - idleBefore).TotalMilliseconds / 5;
        Console.WriteLine($"  app CPU per call ({n} one-part uploads, warm): start {costs["start"].TotalMilliseconds / n:N1} ms, sign {costs["sign"].TotalMilliseconds / n:N1} ms, " +
                          $"complete {costs["complete"].TotalMilliseconds / n:N1} ms; idle {idle:N1} ms per second (the {n} uploads took {wall.TotalSeconds:N1} s)");
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

        // The page is loaded first (not timed, and its CPU is not the upload's: callers
        // load it before they start counting).
        public void Load(Uri baseUri)
        {
            _driver.Navigate().GoToUrl(new Uri(baseUri, "/"));
            _driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromMinutes(5);
            // The page's module imports (upload.js's own) are fetched after the load event:
            // wait until no new resource has been fetched for half a second, so that they
            // are not counted as the upload's CPU.
            ((IJavaScriptExecutor)_driver).ExecuteAsyncScript(QuietPage);
            ((IJavaScriptExecutor)_driver).ExecuteScript(TimelineHooks);
        }

        private const string QuietPage = """
            const done = arguments[arguments.length - 1];
            let seen = -1, quiet = 0;
            const timer = setInterval(() => {
                const now = performance.getEntriesByType('resource').length;
                quiet = now === seen ? quiet + 100 : 0;
                seen = now;
                if (quiet >= 500) { clearInterval(timer); done(); }
            }, 100);
            """;

        // Records when each API call and each part PUT started and ended (page clock),
        // so a run can say where the module's time goes besides the parts themselves.
        private const string TimelineHooks = """
            window.__log = [];
            const fetch0 = window.fetch;
            window.fetch = async (url, init) => {
                const s = performance.now();
                try { return await fetch0(url, init); }
                finally { window.__log.push({ kind: 'api', what: (init?.method ?? 'GET') + ' ' + String(url).replace(/^https?:\/\/[^/]+/, '').replace(/[0-9a-f-]{36}/, '{id}').replace(/\?.*$/, ''), s, e: performance.now() }); }
            };
            const decode0 = window.createImageBitmap;
            window.createImageBitmap = async function () {
                const s = performance.now();
                try { return await decode0.apply(this, arguments); }
                finally { window.__log.push({ kind: 'dec', what: 'createImageBitmap (thumbnail)', s, e: performance.now() }); }
            };
            const open0 = XMLHttpRequest.prototype.open, send0 = XMLHttpRequest.prototype.send;
            XMLHttpRequest.prototype.open = function (method, url) { this.__url = url; return open0.apply(this, arguments); };
            XMLHttpRequest.prototype.send = function () {
                const s = performance.now();
                const part = new URL(this.__url, location.href).searchParams.get('partNumber') ?? 'form';
                this.addEventListener('loadend', () => window.__log.push({ kind: 'put', what: 'part ' + part, s, e: performance.now() }));
                return send0.apply(this, arguments);
            };
            """;

        public async Task<(TimeSpan Parts, TimeSpan Total)> UploadAsync(string file)
        {
            var js = (IJavaScriptExecutor)_driver;
            js.ExecuteScript("""
                window.__t = {}; window.__log.length = 0;
                document.getElementById('upload-input').addEventListener('change', () => { window.__t.start = performance.now(); }, { once: true });
                window.__timer = setInterval(() => {
                    const item = document.querySelector('.upload-item');
                    if (!item) return;
                    if (!window.__t.parts && /Checking the upload/.test(item.textContent)) window.__t.parts = performance.now();
                    if (!window.__t.done && item.dataset.state === 'done') { window.__t.done = performance.now(); clearInterval(window.__timer); }
                    if (['failed', 'refused'].includes(item.dataset.state)) window.__t.failed = item.textContent;
                }, 10);
                """);
            _driver.FindElement(By.Id("upload-input")).SendKeys(file);
            try
            {
                await Task.Run(() => new WebDriverWait(_driver, TimeSpan.FromMinutes(5)).Until(_ =>
                    js.ExecuteScript("return window.__t.done !== undefined || window.__t.failed !== undefined") is true));
            }
            catch (WebDriverTimeoutException)
            {
                // Say where it stood: the item's state and text, and the last calls and parts.
                throw new InvalidOperationException("The upload did not finish in 5 minutes: " + js.ExecuteScript(
                    "const i = document.querySelector('.upload-item'); return (i ? i.dataset.state + ': ' + i.textContent : 'no item') + ' | ' + JSON.stringify(window.__log.slice(-8))"));
            }
            var t = (IReadOnlyDictionary<string, object>)js.ExecuteScript("return window.__t")!;
            if (t.TryGetValue("failed", out var failed)) throw new InvalidOperationException($"The upload failed: {failed}");
            double Ms(string k) => Convert.ToDouble(t[k]);
            if (Environment.GetEnvironmentVariable("BENCH_TIMELINE") == "1")
            {
                var log = (IReadOnlyCollection<object>)js.ExecuteScript("return window.__log.sort((a, b) => a.s - b.s)")!;
                foreach (IReadOnlyDictionary<string, object> e in log)
                    Console.WriteLine($"    {e["kind"],-4} {e["what"],-44} {Convert.ToDouble(e["s"]) - Ms("start"),8:N1} → {Convert.ToDouble(e["e"]) - Ms("start"),8:N1} ms");
                Console.WriteLine($"    parts stored at {Ms("parts") - Ms("start"):N1} ms, tile at {Ms("done") - Ms("start"):N1} ms");
            }
            return (TimeSpan.FromMilliseconds(Ms("parts") - Ms("start")), TimeSpan.FromMilliseconds(Ms("done") - Ms("start")));
        }

        // Chromium's own cost, without the module: the same file's parts PUT by a few lines
        // of page script (fetch or XMLHttpRequest, 4 at a time) to URLs the app signed up
        // front; timed from the first PUT to the last answer, as curl is. Aborted after.
        public TimeSpan RawInPage(string file, string how)
        {
            var js = (IJavaScriptExecutor)_driver;
            js.ExecuteScript("""
                const input = document.createElement('input');
                input.type = 'file'; input.id = 'raw-input'; document.body.append(input);
                """);
            _driver.FindElement(By.Id("raw-input")).SendKeys(file);
            var ms = js.ExecuteAsyncScript("""
                const [how, done] = arguments;
                const input = document.getElementById('raw-input');
                const file = input.files[0];
                input.remove();
                const root = document.getElementById('uploader');
                const token = document.querySelector('input[name="__RequestVerificationToken"]').value;
                const api = async (url, body, method = 'POST') => {
                    const r = await fetch(url, { method, headers: { 'RequestVerificationToken': token, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
                    if (!r.ok) throw new Error(method + ' ' + url + ': ' + r.status);
                    return r.status === 204 ? null : r.json();
                };
                const put = (url, blob) => how === 'fetch'
                    ? fetch(url, { method: 'PUT', body: blob }).then(r => { if (!r.ok) throw new Error('PUT ' + r.status); })
                    : new Promise((resolve, reject) => {
                        const x = new XMLHttpRequest();
                        x.upload.onprogress = () => {};
                        x.onload = () => x.status === 200 ? resolve() : reject(new Error('PUT ' + x.status));
                        x.onerror = () => reject(new Error('PUT failed'));
                        x.open('PUT', url); x.send(blob);
                    });
                (async () => {
                    const base = root.dataset.multipartUrl;
                    const started = await api(base, { fileName: 'raw.png', contentType: 'image/png', size: file.size });
                    const numbers = Array.from({ length: started.partCount }, (_, i) => i + 1);
                    const signed = await api(`${base}/${started.id}/parts`, { partNumbers: numbers });
                    const queue = signed.parts.slice();
                    const t0 = performance.now();
                    await Promise.all(Array.from({ length: 4 }, async () => {
                        for (let p = queue.shift(); p; p = queue.shift()) {
                            const from = (p.partNumber - 1) * started.partSize;
                            await put(p.url, file.slice(from, from + started.partSize));
                        }
                    }));
                    const elapsed = performance.now() - t0;
                    await api(`${base}/${started.id}`, null, 'DELETE');
                    return elapsed;
                })().then(done, e => done('error: ' + e.message));
                """, how);
            if (ms is string error) throw new InvalidOperationException(error);
            return TimeSpan.FromMilliseconds(Convert.ToDouble(ms));
        }

        public void Dispose()
        {
            _driver.Quit();
            _driver.Dispose();
            _service.Dispose();
        }
    }
}
