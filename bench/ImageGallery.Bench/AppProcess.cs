using System.Diagnostics;

namespace ImageGallery.Bench;

// The app (or the two-hop baseline) as a separate process on loopback, so its CPU
// time can be read from /proc without counting the load generator's.
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    public Uri BaseUri { get; }

    private AppProcess(Process process, Uri baseUri) => (_process, BaseUri) = (process, baseUri);

    public static async Task<AppProcess> StartAsync(string dll, int port, IDictionary<string, string> settings, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add($"http://127.0.0.1:{port}");
        psi.WorkingDirectory = Path.GetDirectoryName(dll)!;
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (k, v) in settings) psi.Environment[k.Replace(":", "__")] = v;

        // BENCH_APP_LOG=file: the app's requests (and its output) with a timestamp each, to see
        // what the browser asked of it while a measurement ran.
        var log = Environment.GetEnvironmentVariable("BENCH_APP_LOG") is { Length: > 0 } logPath
            ? TextWriter.Synchronized(new StreamWriter(logPath, append: true) { AutoFlush = true }) : null;
        if (log is not null) psi.Environment["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information";

        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log?.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} [{port}] {e.Data}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"  [app] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var app = new AppProcess(process, new Uri($"http://127.0.0.1:{port}"));
        using var http = new HttpClient();
        for (var i = 0; i < 120; i++)
        {
            if (process.HasExited) throw new InvalidOperationException($"{dll} exited with {process.ExitCode}.");
            try
            {
                if ((await http.GetAsync(new Uri(app.BaseUri, "/health"))).IsSuccessStatusCode) return app;
            }
            catch (HttpRequestException) { }
            await Task.Delay(500);
        }
        await app.DisposeAsync();
        throw new TimeoutException($"{dll} did not answer /health in 60 s.");
    }

    // User + system CPU of the process so far, from /proc/<pid>/stat (clock ticks).
    public TimeSpan CpuTime
    {
        get
        {
            var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
    }

    // The same per thread, in nanoseconds (/proc/<pid>/task/*/schedstat): the 10 ms ticks
    // above are too coarse for the few milliseconds an upload's API calls take. Subtract
    // two readings for the CPU spent in between.
    public CpuReading Cpu => CpuReading.Of(_process.Id);

    public int Pid => _process.Id;

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

// Per-thread CPU, so that a thread ending between two readings costs only its last moments
// (not its whole past, as a difference of process-wide sums over the live threads would).
public readonly record struct CpuReading(IReadOnlyDictionary<int, long> Nanoseconds)
{
    public static CpuReading Of(int pid)
    {
        var threads = new Dictionary<int, long>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var fields = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ');
                threads[int.Parse(Path.GetFileName(task))] = long.Parse(fields[0]);
            }
            catch (IOException)
            {
                // The thread ended while we looked.
            }
        }
        return new CpuReading(threads);
    }

    // Where it went: CPU per thread name (/proc/<pid>/task/<tid>/comm) between two readings,
    // the busiest first (BENCH_THREADS=1 prints it for the multipart bench).
    public static IEnumerable<(string Thread, TimeSpan Cpu)> ByThread(int pid, CpuReading after, CpuReading before) =>
        after.Nanoseconds
            .Select(t => (Name: Name(pid, t.Key), Ns: t.Value - before.Nanoseconds.GetValueOrDefault(t.Key)))
            .Where(t => t.Ns > 0)
            .GroupBy(t => t.Name, t => t.Ns)
            .Select(g => (g.Key, TimeSpan.FromTicks(g.Sum() / 100)))
            .OrderByDescending(t => t.Item2);

    private static string Name(int pid, int tid)
    {
        try { return File.ReadAllText($"/proc/{pid}/task/{tid}/comm").Trim(); }
        catch (IOException) { return "(ended)"; }
    }

    public static TimeSpan operator -(CpuReading after, CpuReading before) =>
        TimeSpan.FromTicks(after.Nanoseconds.Sum(t => t.Value - before.Nanoseconds.GetValueOrDefault(t.Key)) / 100);
}
