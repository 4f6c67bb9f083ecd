using System.Net;
using System.Net.Http.Headers;

namespace ImageGallery.Bench;

// CPU during the work, CPU idle over as long, and the wall time; the difference is the work's.
public sealed record CpuSplit(TimeSpan Busy, TimeSpan Idle, TimeSpan Wall)
{
    public TimeSpan Attributable => Busy > Idle ? Busy - Idle : TimeSpan.Zero;
}

public sealed record CpuResult(int SizeMiB, int Images, double DirectCpuMs, double TwoHopCpuMs)
{
    public double Ratio => TwoHopCpuMs / DirectCpuMs;
}

// The app's CPU-seconds per uploaded image: the direct path (presign + the browser's
// POST straight to S3 + complete) against a two-hop baseline (bytes posted through
// an app, which puts them to S3). Both apps are separate processes; the harness's
// own CPU (the "browser") is not counted.
public static class UploadCpuBench
{
    // The same runtime settings for both processes: fully optimized from the first
    // JIT (so neither is still recompiling while measured), and no thread-pool
    // spin-waiting, which at a few requests a second otherwise costs more CPU than
    // the requests themselves (seen with perf: sched_yield and futex wake-ups).
    internal static Dictionary<string, string> Steady(Dictionary<string, string> s)
    {
        s["DOTNET_TieredCompilation"] = "0";
        s["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";
        return s;
    }

    public static async Task<List<CpuResult>> RunAsync(string webDll, string dataDir)
    {
        await using var app = await AppProcess.StartAsync(webDll, 5102, Steady(Settings.S3(dataDir, Settings.Unthrottled)));
        await using var twoHop = await AppProcess.StartAsync(typeof(UploadCpuBench).Assembly.Location, 5103,
            Steady(Settings.S3(dataDir)), "two-hop-server");
        var user = await BenchUser.RegisterAsync(app.BaseUri, "cpu@bench.test");
        using var storage = new HttpClient();
        using var baseline = new HttpClient { BaseAddress = twoHop.BaseUri };

        // Warm-up until tiered compilation has settled: with only a few round trips the
        // app's CPU is mostly the JIT compiling its request path, not the request.
        var small = ImageBytes(64 * 1024);
        await DirectAsync(user, storage, small, 60);
        await TwoHopAsync(baseline, small, 60);
        await Task.Delay(TimeSpan.FromSeconds(2));

        // Where the direct path's CPU goes: presign alone (no upload, no complete).
        var presignOnly = await AttributableCpuAsync(app, async () =>
        {
            for (var i = 0; i < 200; i++)
                await user.PostJsonAsync("/api/uploads", new { fileName = "bench.jpg", contentType = "image/jpeg", size = 1024 }, HttpStatusCode.Created);
        });
        Console.WriteLine($"  presign alone: {presignOnly.TotalMilliseconds / 200,5:N2} ms CPU each (one client, one at a time)");

        var results = new List<CpuResult>();
        foreach (var (mib, count) in new[] { (1, 100), (8, 24) })
        {
            var bytes = ImageBytes(mib * 1024 * 1024);

            var direct = (await AttributableCpuAsync(app, () => DirectAsync(user, storage, bytes, count))).TotalMilliseconds / count;
            var hop = (await AttributableCpuAsync(twoHop, () => TwoHopAsync(baseline, bytes, count))).TotalMilliseconds / count;

            var r = new CpuResult(mib, count, direct, hop);
            Console.WriteLine($"  {mib} MiB x {count}: direct {direct,7:N2} ms CPU/image, two-hop {hop,7:N2} ms CPU/image, ratio 1/{r.Ratio:N0}");
            results.Add(r);
        }
        return results;
    }

    // CPU the process spent on the work, less what it spends idle over the same wall
    // time (timers, GC, the runtime's own threads): the direct path is mostly waiting
    // while the browser's bytes go to storage, and that wait must not be billed to it.
    internal static async Task<TimeSpan> AttributableCpuAsync(AppProcess process, Func<Task> work) =>
        (await CpuSplitAsync(process, work)).Attributable;

    internal static async Task<CpuSplit> CpuSplitAsync(AppProcess process, Func<Task> work)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var before = process.Cpu;
        await work();
        var after = process.Cpu;
        var busy = after - before;
        var wall = clock.Elapsed;
        if (Environment.GetEnvironmentVariable("BENCH_THREADS") == "1")
            Console.WriteLine("    CPU by thread: " + string.Join(", ", CpuReading.ByThread(process.Pid, after, before)
                .Take(8).Select(t => $"{t.Thread} {t.Cpu.TotalMilliseconds:N1} ms")));
        before = process.Cpu;
        await Task.Delay(wall);
        return new CpuSplit(busy, process.Cpu - before, wall);
    }

    private static async Task DirectAsync(BenchUser user, HttpClient storage, byte[] bytes, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var presign = await user.PostJsonAsync("/api/uploads",
                new { fileName = "bench.jpg", contentType = "image/jpeg", size = bytes.Length }, HttpStatusCode.Created);
            var upload = presign.GetProperty("upload");
            using var form = new MultipartFormDataContent();
            foreach (var f in upload.GetProperty("fields").EnumerateObject())
                form.Add(new StringContent(f.Value.GetString()!), f.Name);
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(file, "file", "bench.jpg");
            using var posted = await storage.PostAsync(upload.GetProperty("url").GetString(), form);
            if (posted.StatusCode != HttpStatusCode.Created)
                throw new InvalidOperationException($"Storage answered {(int)posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");
            await user.PostJsonAsync($"/api/uploads/{presign.GetProperty("id").GetString()}/complete", null, HttpStatusCode.OK);
        }
    }

    private static async Task TwoHopAsync(HttpClient baseline, byte[] bytes, int count)
    {
        for (var i = 0; i < count; i++)
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(file, "file", "bench.jpg");
            using var response = await baseline.PostAsync("/upload", form);
            if (response.StatusCode != HttpStatusCode.Created)
                throw new InvalidOperationException($"Two-hop answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    // A JPEG's first bytes (what complete checks), padded to the size.
    private static byte[] ImageBytes(int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        byte[] soi = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00];
        soi.CopyTo(bytes, 0);
        return bytes;
    }
}
