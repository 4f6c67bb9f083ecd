using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ImageGallery.Bench;

public sealed record PageResult(int Images, WrkResult Latency);

// Gallery page server time for people with 1,000 / 10,000 / 100,000 images. Rows go
// straight into the app's SQLite file (the page only reads them); wrk then asks for
// the first page with one connection, so latency is server time plus loopback.
public static class GalleryPageBench
{
    public static async Task<List<PageResult>> RunAsync(string webDll, string dataDir, TimeSpan duration)
    {
        await using var app = await AppProcess.StartAsync(webDll, 5104, Settings.Embedded(dataDir));
        var results = new List<PageResult>();
        foreach (var count in new[] { 1_000, 10_000, 100_000 })
        {
            var user = await BenchUser.RegisterAsync(app.BaseUri, $"page-{count}@bench.test");
            await SeedAsync(Path.Combine(dataDir, "gallery.db"), user.Email, count);
            await Wrk.RunAsync(app.BaseUri, 1, TimeSpan.FromSeconds(2), "GET", "/", [user]);  // warm-up
            var r = await Wrk.RunAsync(app.BaseUri, 1, duration, "GET", "/", [user]);
            Console.WriteLine($"  gallery page, {count,7:N0} images: p50 {r.P50Ms,6:N2} ms  p99 {r.P99Ms,6:N2} ms  ({r.RequestsPerSecond:N0} pages/s on one connection, {r.Errors} errors)");
            results.Add(new PageResult(count, r));
        }
        return results;
    }

    private static async Task SeedAsync(string dbPath, string email, int count)
    {
        await using var db = new SqliteConnection($"Data Source={dbPath};Default Timeout=30");
        await db.OpenAsync();
        var find = db.CreateCommand();
        find.CommandText = "SELECT Id FROM AspNetUsers WHERE NormalizedEmail = $e";
        find.Parameters.AddWithValue("$e", email.ToUpperInvariant());
        var userId = (string)(await find.ExecuteScalarAsync())!;

        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync();
        var insert = db.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO Images (PublicId, OwnerId, FileName, ContentType, Size, ObjectKey, ThumbnailKey,
                ThumbnailContentType, ThumbnailSize, Width, Height, Status, CreatedAt, UploadedAt, TakenAt, SortKey)
            VALUES ($id, $owner, $name, 'image/jpeg', 5000000, $key, $thumb, 'image/webp', 30000, 4000, 3000, 2, $at, $at,
                $taken, $taken)
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        insert.Parameters.AddWithValue("$owner", userId);
        var name = insert.Parameters.Add("$name", SqliteType.Text);
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        var thumb = insert.Parameters.Add("$thumb", SqliteType.Text);
        var at = insert.Parameters.Add("$at", SqliteType.Text);
        // Dates taken in a different order from the uploads, as when old photos are added later.
        var taken = insert.Parameters.Add("$taken", SqliteType.Text);
        var start = DateTime.UtcNow.AddDays(-count / 100.0);
        for (var i = 0; i < count; i++)
        {
            var g = Guid.NewGuid();
            id.Value = g.ToString().ToUpperInvariant();
            name.Value = $"IMG_{i:D6}.jpg";
            key.Value = $"users/{userId}/{g}/original.jpg";
            thumb.Value = $"users/{userId}/{g}/thumb.webp";
            at.Value = start.AddMinutes(i).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            taken.Value = start.AddMinutes(i * 7919L % count).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            await insert.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }
}
