using System.Net;
using ImageGallery.Tests.Infrastructure;
using Npgsql;

namespace ImageGallery.Bench;

// What several instances cost: presign throughput and p99 at 64 clients on
//   1. SQLite, one instance, in-process limiter;
//   2. PostgreSQL, one instance, in-process limiter;
//   3. PostgreSQL, one instance, Redis limiter (what Redis alone costs);
//   4. PostgreSQL, two instances behind nginx, Redis limiter (and Redis-held keys and URL cache).
// Goal: 4 keeps at least 80% of 2's throughput. Limits are out of reach but every request
// still goes through the limiter (in 3, one Lua script in Redis per request).
public static class ScaleBench
{
    private const int Clients = 64;

    public static async Task RunAsync(string webDll, TimeSpan duration)
    {
        var admin = Settings.Env("PG_CONNECTION");
        var sqlite = await MeasureAsync("SQLite, 1 instance, in-process limiter", webDll, duration, instances: 1, redis: false,
            Directory.CreateTempSubdirectory("gallery-bench").FullName, database: null);
        var postgres = await MeasureAsync("PostgreSQL, 1 instance, in-process limiter", webDll, duration, instances: 1, redis: false,
            Directory.CreateTempSubdirectory("gallery-bench").FullName, database: CreateDatabase(admin));
        await MeasureAsync("PostgreSQL, 1 instance, Redis limiter", webDll, duration, instances: 1, redis: true,
            Directory.CreateTempSubdirectory("gallery-bench").FullName, database: CreateDatabase(admin));
        var scaled = await MeasureAsync("PostgreSQL, 2 instances behind nginx, Redis limiter", webDll, duration, instances: 2, redis: true,
            Directory.CreateTempSubdirectory("gallery-bench").FullName, database: CreateDatabase(admin));
        Console.WriteLine($"  two instances + nginx + Redis vs one instance on PostgreSQL: {scaled.RequestsPerSecond / postgres.RequestsPerSecond:P0} of its throughput (goal: at least 80%); SQLite one instance: {sqlite.RequestsPerSecond:N0}/s");
    }

    private static async Task<WrkResult> MeasureAsync(string label, string webDll, TimeSpan duration, int instances, bool redis,
        string dataDir, string? database)
    {
        using var redisServer = redis ? new RedisServer() : null;
        var settings = Settings.Embedded(dataDir, Settings.Unthrottled);
        if (database is not null)
        {
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:Gallery"] = database;
        }
        if (redisServer is not null) settings["Redis:Configuration"] = redisServer.Configuration;
        settings["Gallery:TrustedProxies:0"] = "127.0.0.1";

        var apps = new List<AppProcess>();
        try
        {
            // The first instance migrates; the others start on the migrated schema.
            for (var i = 0; i < instances; i++) apps.Add(await AppProcess.StartAsync(webDll, LoopbackPorts.Free(), settings));
            using var nginx = instances > 1 ? new NginxProxy(apps.Select(a => a.BaseUri.Port)) : null;
            var entry = nginx?.Url ?? apps[0].BaseUri;

            var users = new List<BenchUser>();
            for (var i = 0; i < Clients; i++) users.Add(await BenchUser.RegisterAsync(entry, $"scale-{i}@bench.test"));
            await users[0].PostJsonAsync("/api/uploads", new { fileName = "bench.jpg", contentType = "image/jpeg", size = 1048576 }, HttpStatusCode.Created);
            const string json = """{"fileName":"bench.jpg","contentType":"image/jpeg","size":1048576,"width":4000,"height":3000}""";

            await Wrk.RunAsync(entry, 16, TimeSpan.FromSeconds(3), "POST", "/api/uploads", users, json);  // warm-up
            var r = await Wrk.RunAsync(entry, Clients, duration, "POST", "/api/uploads", users, json);
            Console.WriteLine($"  {label,-55} c={Clients}: {r.RequestsPerSecond,7:N0} req/s  p50 {r.P50Ms,6:N2} ms  p99 {r.P99Ms,6:N2} ms  ({r.Requests:N0} requests, {r.Errors} errors)");
            return r;
        }
        finally
        {
            foreach (var app in apps) await app.DisposeAsync();
            if (database is not null) DropDatabase(Settings.Env("PG_CONNECTION"), database);
        }
    }

    internal static string CreateDatabase(string admin)
    {
        var name = "bench_" + Guid.NewGuid().ToString("N")[..12];
        Execute(admin, $"CREATE DATABASE \"{name}\"");
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    internal static void DropDatabase(string admin, string database) =>
        Execute(admin, $"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(database).Database}\" WITH (FORCE)");

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
