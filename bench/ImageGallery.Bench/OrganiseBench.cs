using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ImageGallery.Bench;

// Search and album page server time at 10,000 and 100,000 images (SQLite, FTS5 trigram).
// Rows go straight into the app's SQLite file, so the search triggers index them as the
// app's own inserts would; one album holds every image. wrk asks with one connection.
public static class OrganiseBench
{
    private static readonly string[] Words =
        ["beach", "mountain", "forest", "city", "family", "birthday", "garden", "winter", "summer", "harbour"];

    public static async Task RunAsync(string webDll, string dataDir, TimeSpan duration)
    {
        // Development: outside it the cookies are Secure, and this harness talks plain http.
        await using var app = await AppProcess.StartAsync(webDll, 57530,
            Settings.Embedded(dataDir, new() { ["ASPNETCORE_ENVIRONMENT"] = "Development" }));
        foreach (var count in new[] { 10_000, 100_000 })
        {
            var user = await BenchUser.RegisterAsync(app.BaseUri, $"organise-{count}@bench.test");
            var album = await SeedAsync(Path.Combine(dataDir, "gallery.db"), user.Email, count);
            foreach (var (label, path) in new[]
                     {
                         ("search, common word (1 in 10)", "/search?q=beach"),
                         ("search, two words", "/search?q=beach+2019"),
                         ("search, one image", $"/search?q=IMG_{count / 2:D6}"),
                         ("album page (every image)", $"/albums/{album}"),
                     })
            {
                await Wrk.RunAsync(app.BaseUri, 1, TimeSpan.FromSeconds(1), "GET", path, [user]);
                var r = await Wrk.RunAsync(app.BaseUri, 1, duration, "GET", path, [user]);
                Console.WriteLine($"  {label,-32} {count,7:N0} images: p50 {r.P50Ms,6:N2} ms  p99 {r.P99Ms,6:N2} ms  ({r.Errors} errors)");
            }
        }
    }

    // Returns the album's public id.
    private static async Task<Guid> SeedAsync(string dbPath, string email, int count)
    {
        await using var db = new SqliteConnection($"Data Source={dbPath};Default Timeout=30");
        await db.OpenAsync();
        var find = db.CreateCommand();
        find.CommandText = "SELECT Id FROM AspNetUsers WHERE NormalizedEmail = $e";
        find.Parameters.AddWithValue("$e", email.ToUpperInvariant());
        var userId = (string)(await find.ExecuteScalarAsync())!;
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync();
        var album = Guid.NewGuid();
        var makeAlbum = db.CreateCommand();
        makeAlbum.Transaction = tx;
        makeAlbum.CommandText = "INSERT INTO Albums (PublicId, OwnerId, Name, CreatedAt) VALUES ($id, $owner, 'Everything', $at) RETURNING Id";
        makeAlbum.Parameters.AddWithValue("$id", album.ToString().ToUpperInvariant());
        makeAlbum.Parameters.AddWithValue("$owner", userId);
        makeAlbum.Parameters.AddWithValue("$at", now);
        var albumId = (long)(await makeAlbum.ExecuteScalarAsync())!;

        var insert = db.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO Images (PublicId, OwnerId, FileName, ContentType, Size, ObjectKey, ThumbnailKey,
                ThumbnailContentType, ThumbnailSize, Width, Height, Caption, Status, CreatedAt, UploadedAt)
            VALUES ($id, $owner, $name, 'image/jpeg', 5000000, $key, $thumb, 'image/webp', 30000, 4000, 3000, $caption, 2, $at, $at)
            RETURNING Id
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        insert.Parameters.AddWithValue("$owner", userId);
        var name = insert.Parameters.Add("$name", SqliteType.Text);
        var key = insert.Parameters.Add("$key", SqliteType.Text);
        var thumb = insert.Parameters.Add("$thumb", SqliteType.Text);
        var caption = insert.Parameters.Add("$caption", SqliteType.Text);
        insert.Parameters.AddWithValue("$at", now);
        var member = db.CreateCommand();
        member.Transaction = tx;
        member.CommandText = "INSERT INTO AlbumImages (AlbumId, ImageId, AddedAt) VALUES ($album, $image, $at)";
        member.Parameters.AddWithValue("$album", albumId);
        var image = member.Parameters.Add("$image", SqliteType.Integer);
        member.Parameters.AddWithValue("$at", now);
        for (var i = 0; i < count; i++)
        {
            var g = Guid.NewGuid();
            id.Value = g.ToString().ToUpperInvariant();
            name.Value = $"IMG_{i:D6}_{Words[i % Words.Length]}_{2010 + i % 15}.jpg";
            key.Value = $"users/{userId}/{g}/original.jpg";
            thumb.Value = $"users/{userId}/{g}/thumb.webp";
            caption.Value = i % 3 == 0 ? $"A day at the {Words[(i / 3) % Words.Length]} with friends" : DBNull.Value;
            image.Value = (long)(await insert.ExecuteScalarAsync())!;
            await member.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
        return album;
    }
}
