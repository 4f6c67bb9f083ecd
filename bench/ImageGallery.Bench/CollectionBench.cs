using System.Globalization;
using ImageGallery.Tests.Infrastructure;

namespace ImageGallery.Bench;

// CpuMs: CPU per request of the app and (PostgreSQL) the backends serving it, which
// waiting for a busy machine's cores does not inflate as it does latency.
public sealed record CollectionResult(string Provider, string Part, string Label, int Images, WrkResult Latency, double CpuMs, int? Matches);

// A person's collection at 10,000 and 100,000 images, on SQLite and PostgreSQL: the gallery
// page in date-taken order (first page, and a keyset page deep in the middle), search
// (common word, a year, two words, one image, nothing), and the album page of an album
// holding every image (first and deep page). Both people live in one database, as they
// would; each provider seeds once (LibrarySeeder) and every request is the real page over
// HTTP (Production settings, signed thumbnail URLs), wrk with one connection, so latency
// is server time plus loopback. Parts: paging, search, album (any subset).
public static class CollectionBench
{
    private static readonly int[] Sizes = [10_000, 100_000];

    public static async Task<List<CollectionResult>> RunAsync(string webDll, IReadOnlyCollection<string> parts, TimeSpan duration)
    {
        var providers = (Environment.GetEnvironmentVariable("BENCH_PROVIDERS") ?? "sqlite,postgres").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var results = new List<CollectionResult>();
        foreach (var provider in providers)
            results.AddRange(await RunProviderAsync(webDll, provider == "postgres", parts, duration));
        Print(results);
        return results;
    }

    private static async Task<List<CollectionResult>> RunProviderAsync(string webDll, bool postgres, IReadOnlyCollection<string> parts, TimeSpan duration)
    {
        var name = postgres ? "PostgreSQL" : "SQLite";
        var dataDir = Directory.CreateTempSubdirectory("gallery-bench").FullName;
        var settings = Settings.Embedded(dataDir, Settings.Unthrottled);
        var database = postgres ? ScaleBench.CreateDatabase(Settings.Env("PG_CONNECTION")) : null;
        if (database is not null)
        {
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:Gallery"] = database;
        }
        var results = new List<CollectionResult>();
        try
        {
            await using var app = await AppProcess.StartAsync(webDll, LoopbackPorts.Free(), settings);
            var people = new List<(int Count, BenchUser User, List<SeedImage> Images, List<SeedAlbum> Albums)>();
            foreach (var count in Sizes)
            {
                var user = await BenchUser.RegisterAsync(app.BaseUri, $"collection-{count}@bench.test");
                var started = DateTime.UtcNow;
                var (images, albums) = await LibrarySeeder.SeedAsync(postgres,
                    database ?? $"Data Source={Path.Combine(dataDir, "gallery.db")};Default Timeout=60", user.Email, count);
                Console.WriteLine($"  {name}: seeded {count:N0} images and {albums.Count} albums in {(DateTime.UtcNow - started).TotalSeconds:N0} s");
                people.Add((count, user, images, albums));
            }

            var requests = new List<(string Part, string Label, int Count, BenchUser User, string Path, int? Matches)>();
            foreach (var (count, user, images, albums) in people)
            {
                var middle = PhotoLibrary.Middle(images);
                if (parts.Contains("paging"))
                {
                    requests.Add(("paging", "gallery, first page", count, user, "/", null));
                    requests.Add(("paging", "gallery, deep page (?before=)", count, user, $"/?before={middle.PublicId:D}", null));
                }
                if (parts.Contains("search"))
                    foreach (var (label, q) in SearchShapes(images))
                        requests.Add(("search", label, count, user, "/search?q=" + Uri.EscapeDataString(q), Matches(images, albums, q)));
                if (parts.Contains("album"))
                {
                    var everything = albums.Single(a => a.Name == PhotoLibrary.Everything).PublicId;
                    requests.Add(("album", "album of every image, first page", count, user, $"/albums/{everything:D}", null));
                    requests.Add(("album", "album of every image, deep page", count, user, $"/albums/{everything:D}?before={middle.PublicId:D}", null));
                    // Every album with its cover and count (the count reads every membership).
                    requests.Add(("album", "albums list (/albums)", count, user, "/albums", null));
                }
            }
            // Every request once before any is measured (JIT, caches), then each request at both
            // sizes back to back, alternating which goes first, so the machine's drift falls on
            // both sides of a ratio. With BENCH_ROUNDS > 1 the median round counts.
            foreach (var r in requests) await Wrk.RunAsync(app.BaseUri, 1, TimeSpan.FromSeconds(1), "GET", r.Path, [r.User]);
            var rounds = int.TryParse(Environment.GetEnvironmentVariable("BENCH_ROUNDS"), out var n) ? n : 1;
            var runs = requests.ToDictionary(r => r, _ => new List<(WrkResult Wrk, double CpuMs)>());
            foreach (var shape in requests.GroupBy(r => r.Label))
                for (var round = 0; round < rounds; round++)
                    foreach (var r in round % 2 == 0 ? shape : shape.Reverse())
                    {
                        var cpu = app.CpuTime + DatabaseCpu(database);
                        var w = await Wrk.RunAsync(app.BaseUri, 1, duration, "GET", r.Path, [r.User]);
                        cpu = app.CpuTime + DatabaseCpu(database) - cpu;
                        if (w.Errors > 0) throw new InvalidOperationException($"{r.Path} answered with errors.");
                        runs[r].Add((w, cpu.TotalMilliseconds / w.Requests));
                    }
            foreach (var r in requests)
            {
                var (w, cpu) = runs[r].OrderBy(x => x.Wrk.P50Ms).ElementAt(runs[r].Count / 2);
                var m = r.Matches is { } matches ? $", {matches:N0} matches" : "";
                Console.WriteLine($"  {name,-10} {r.Label,-34} {r.Count,7:N0} images: p50 {w.P50Ms,6:N2} ms  p99 {w.P99Ms,6:N2} ms  CPU {cpu,5:N1} ms/request  ({w.Requests:N0} requests{m})");
                results.Add(new CollectionResult(name, r.Part, r.Label, r.Count, w, cpu, r.Matches));
            }
        }
        finally
        {
            // BENCH_KEEP_DATABASE=1 leaves the database for EXPLAIN (drop or delete it yourself).
            if (Environment.GetEnvironmentVariable("BENCH_KEEP_DATABASE") == "1")
                Console.WriteLine($"  kept {(database is null ? dataDir : new Npgsql.NpgsqlConnectionStringBuilder(database).Database)}");
            else
            {
                if (database is not null) ScaleBench.DropDatabase(Settings.Env("PG_CONNECTION"), database);
                Directory.Delete(dataDir, recursive: true);
            }
        }
        return results;
    }

    // User + system CPU of the PostgreSQL backends serving this database (children of the
    // server bench/run.sh started, BENCH_PG_PID, named for the database in their command
    // line), from /proc; not the server's background writers and autovacuum. Zero otherwise.
    private static TimeSpan DatabaseCpu(string? database)
    {
        if (database is null || !int.TryParse(Environment.GetEnvironmentVariable("BENCH_PG_PID"), out var postmaster)) return TimeSpan.Zero;
        var name = $" {new Npgsql.NpgsqlConnectionStringBuilder(database).Database} ";
        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(f[1], CultureInfo.InvariantCulture) == postmaster && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(name))
                    ticks += long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
            }
            catch (IOException) { }  // gone since it was listed
        }
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    // What people type: a theme word, a year (in file names and captions), both, one
    // image's exact name (a Pixel's, unique), and a word in no image.
    private static IEnumerable<(string Label, string Query)> SearchShapes(List<SeedImage> images)
    {
        var one = images.Where(i => i.FileName.StartsWith("PXL_", StringComparison.Ordinal)).ElementAt(200).FileName[..^4];
        return
        [
            ("search, common word", "beach"),
            ("search, a year", "2019"),
            ("search, two words", "beach 2019"),
            ("search, one image", one),
            ("search, no match", "zebra"),
        ];
    }

    // How many visible images match, by the app's rule: every word somewhere in the file
    // name, the caption or an album name, in any case.
    private static int Matches(List<SeedImage> images, List<SeedAlbum> albums, string query)
    {
        var inAlbums = albums.SelectMany(a => a.ImageIds.Select(id => (id, a.Name))).ToLookup(m => m.id, m => m.Name);
        var words = query.Split(' ');
        return images.Count(i => i.Status is 1 or 2 && words.All(w =>
            $"{i.FileName} {i.Caption} {string.Join(" / ", inAlbums[i.Id])}".Contains(w, StringComparison.OrdinalIgnoreCase)));
    }

    // One table: each request's p50 at both sizes and the ratio, per provider, with the goals.
    private static void Print(List<CollectionResult> results)
    {
        string Ms(double v) => v.ToString("N1", CultureInfo.InvariantCulture) + " ms";
        Console.WriteLine();
        Console.WriteLine("| provider | request | 10,000 p50 | 100,000 p50 | 100k / 10k | CPU/request 10,000 | 100,000 | 100k / 10k | goal |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var g in results.GroupBy(r => (r.Provider, r.Label)))
        {
            var small = g.FirstOrDefault(r => r.Images == Sizes[0]);
            var large = g.FirstOrDefault(r => r.Images == Sizes[1]);
            if (small is null || large is null) continue;
            var ratio = large.Latency.P50Ms / small.Latency.P50Ms;
            var goal = large.Part switch
            {
                "paging" => ratio <= 1.2 ? "≤ 1.2× of 10k: met" : "≤ 1.2× of 10k: **not met**",
                "search" => large.Latency.P50Ms <= 50 ? "≤ 50 ms: met" : "≤ 50 ms: **not met**",
                _ when large.Label.StartsWith("album of", StringComparison.Ordinal) => "O(page)",
                _ => "none",
            };
            var matches = large.Matches is { } m ? $" ({small.Matches:N0} / {m:N0} matches)" : "";
            Console.WriteLine($"| {g.Key.Provider} | {g.Key.Label}{matches} | {Ms(small.Latency.P50Ms)} | {Ms(large.Latency.P50Ms)} | {ratio:N2} " +
                              $"| {Ms(small.CpuMs)} | {Ms(large.CpuMs)} | {large.CpuMs / small.CpuMs:N2} | {goal} |");
        }
    }
}
