using System.Net;

namespace ImageGallery.Bench;

// Presign requests/s and latency at 1, 16 and 64 concurrent signed-in clients. Every
// request is authenticated, antiforgery-checked, rate-limited (limits raised so
// nobody is refused, the limiter still runs) and recorded as a Pending image.
public static class PresignBench
{
    public static async Task<List<WrkResult>> RunAsync(string webDll, string dataDir, TimeSpan duration)
    {
        await using var app = await AppProcess.StartAsync(webDll, 5101, Settings.Embedded(dataDir, Settings.Unthrottled));
        var users = new List<BenchUser>();
        for (var i = 0; i < 64; i++) users.Add(await BenchUser.RegisterAsync(app.BaseUri, $"presign-{i}@bench.test"));

        // One real presign proves the request shape before wrk repeats it.
        await users[0].PostJsonAsync("/api/uploads", Body, HttpStatusCode.Created);
        const string json = """{"fileName":"bench.jpg","contentType":"image/jpeg","size":1048576,"width":4000,"height":3000}""";

        await Wrk.RunAsync(app.BaseUri, 16, TimeSpan.FromSeconds(3), "POST", "/api/uploads", users, json);  // warm-up
        var results = new List<WrkResult>();
        foreach (var c in new[] { 1, 16, 64 })
        {
            var r = await Wrk.RunAsync(app.BaseUri, c, duration, "POST", "/api/uploads", users.Take(c).ToList(), json);
            Console.WriteLine($"  presign c={c,2}: {r.RequestsPerSecond,8:N0} req/s  p50 {r.P50Ms,6:N2} ms  p99 {r.P99Ms,6:N2} ms  ({r.Requests:N0} requests, {r.Errors} errors)");
            results.Add(r);
        }
        return results;
    }

    private static readonly object Body = new { fileName = "bench.jpg", contentType = "image/jpeg", size = 1048576 };
}
