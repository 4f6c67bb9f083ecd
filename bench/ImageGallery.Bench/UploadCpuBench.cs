using System.Net;
using System.Net.Http.Headers;

namespace ImageGallery.Bench;

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
    public static async Task<List<CpuResult>> RunAsync(string webDll, string dataDir)
    {
        await using var app = await AppProcess.StartAsync(webDll, 5102, Settings.S3(dataDir, Settings.Unthrottled));
        await using var twoHop = await AppProcess.StartAsync(typeof(UploadCpuBench).Assembly.Location, 5103,
            Settings.S3(dataDir), "two-hop-server");
        var user = await BenchUser.RegisterAsync(app.BaseUri, "cpu@bench.test");
        using var storage = new HttpClient();
        using var baseline = new HttpClient { BaseAddress = twoHop.BaseUri };

        var results = new List<CpuResult>();
        foreach (var (mib, count) in new[] { (1, 40), (8, 16) })
        {
            var bytes = ImageBytes(mib * 1024 * 1024);
            await DirectAsync(user, storage, bytes, 3);   // warm-up: JIT, connections
            await TwoHopAsync(baseline, bytes, 3);

            var before = app.CpuTime;
            await DirectAsync(user, storage, bytes, count);
            var direct = (app.CpuTime - before).TotalMilliseconds / count;

            before = twoHop.CpuTime;
            await TwoHopAsync(baseline, bytes, count);
            var hop = (twoHop.CpuTime - before).TotalMilliseconds / count;

            var r = new CpuResult(mib, count, direct, hop);
            Console.WriteLine($"  {mib} MiB x {count}: direct {direct,7:N2} ms CPU/image, two-hop {hop,7:N2} ms CPU/image, ratio 1/{r.Ratio:N0}");
            results.Add(r);
        }
        return results;
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
