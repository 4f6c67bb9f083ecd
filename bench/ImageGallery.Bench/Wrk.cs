using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ImageGallery.Bench;

public sealed record WrkResult(int Connections, double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors);

// Load from a second process: wrk (Debian's package), scripted in Lua. The Lua
// `done` hook prints one parseable line, so no text report is scraped.
public static class Wrk
{
    public static async Task<WrkResult> RunAsync(Uri baseUri, int connections, TimeSpan duration,
        string method, string path, IReadOnlyList<BenchUser> users, string? jsonBody = null)
    {
        var script = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, Lua(method, path, users, jsonBody));
        try
        {
            var threads = Math.Min(connections, 2);
            var psi = new ProcessStartInfo("wrk",
                $"-t{threads} -c{connections} -d{(int)duration.TotalSeconds}s --timeout 10s -s {script} {baseUri}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var wrk = Process.Start(psi) ?? throw new InvalidOperationException("wrk did not start (apt-get install wrk).");
            var output = await wrk.StandardOutput.ReadToEndAsync();
            await wrk.WaitForExitAsync();
            var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("BENCH ", StringComparison.Ordinal))
                       ?? throw new InvalidOperationException($"wrk printed no result:\n{output}{await wrk.StandardError.ReadToEndAsync()}");
            var f = line[6..].Split(' ').Select(p => p.Split('=')).ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
            return new WrkResult(connections, f["rps"], f["p50"] / 1000, f["p99"] / 1000, (long)f["n"], (long)f["errors"]);
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static string Lua(string method, string path, IReadOnlyList<BenchUser> users, string? body)
    {
        static string Q(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
        var sb = new StringBuilder("local users = {\n");
        foreach (var u in users) sb.Append("  {cookie=").Append(Q(u.CookieHeader)).Append(", token=").Append(Q(u.Token)).Append("},\n");
        sb.Append("}\n");
        sb.Append("local body = ").Append(body is null ? "nil" : Q(body)).Append('\n');
        sb.Append($$"""
            local i = 0
            request = function()
              i = i + 1
              local u = users[(i % #users) + 1]
              local headers = { ["Cookie"] = u.cookie, ["RequestVerificationToken"] = u.token }
              if body then headers["Content-Type"] = "application/json" end
              return wrk.format({{Q(method)}}, {{Q(path)}}, headers, body)
            end
            done = function(summary, latency, requests)
              local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
              io.write(string.format("BENCH rps=%.1f p50=%.1f p99=%.1f n=%d errors=%d\n",
                summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99), summary.requests, errors))
            end
            """);
        return sb.ToString();
    }
}
