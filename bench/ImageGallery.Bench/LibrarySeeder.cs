using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace ImageGallery.Bench;

// Writes a PhotoLibrary straight into the app's database (the pages only read it), for a
// person registered through the app. SQLite: row by row in one transaction, so the search
// triggers index every image as the app's own inserts do. PostgreSQL: COPY, then VACUUM
// ANALYZE, the state autovacuum reaches on its own a little later (statistics, an empty
// GIN pending list). The person's usage counters are raised as uploads would.
public static class LibrarySeeder
{
    public static async Task<(List<SeedImage> Images, List<SeedAlbum> Albums)> SeedAsync(
        bool postgres, string connectionString, string email, int count)
    {
        var now = DateTime.UtcNow;
        return postgres ? await PostgresAsync(connectionString, email, count, now) : await SqliteAsync(connectionString, email, count, now);
    }

    private static string Ext(SeedImage i) => i.ContentType switch { "image/heic" => "heic", "image/png" => "png", _ => "jpg" };

    private static async Task<(List<SeedImage>, List<SeedAlbum>)> SqliteAsync(string cs, string email, int count, DateTime now)
    {
        static string T(DateTime d) => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        await using var db = new SqliteConnection(cs);
        await db.OpenAsync();
        var userId = (string)(await Scalar(db, "SELECT Id FROM AspNetUsers WHERE NormalizedEmail = $p0", email.ToUpperInvariant()))!;
        var firstId = (long)(await Scalar(db, "SELECT COALESCE(MAX(Id), 0) + 1 FROM Images"))!;
        var (images, albums) = PhotoLibrary.Make(count, firstId, now);

        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync();
        var insert = db.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = """
            INSERT INTO Images (Id, PublicId, OwnerId, FileName, ContentType, Size, ObjectKey, ThumbnailKey, ThumbnailContentType,
                ThumbnailSize, Width, Height, Caption, Status, CreatedAt, UploadedAt, TakenAt, SortKey, Facts, StatusBeforeTrash, TrashedAt)
            VALUES ($id, $pid, $owner, $name, $type, $size, $key, $thumb, 'image/webp', 30000, $w, $h, $caption, $status,
                $at, $at, $taken, $sort, $facts, $before, $trashed)
            """;
        string[] names = ["$id", "$pid", "$owner", "$name", "$type", "$size", "$key", "$thumb", "$w", "$h", "$caption", "$status",
            "$at", "$taken", "$sort", "$facts", "$before", "$trashed"];
        var p = names.ToDictionary(n => n, n => insert.Parameters.Add(new SqliteParameter { ParameterName = n }));
        foreach (var i in images)
        {
            p["$id"].Value = i.Id;
            p["$pid"].Value = i.PublicId.ToString().ToUpperInvariant();
            p["$owner"].Value = userId;
            p["$name"].Value = i.FileName;
            p["$type"].Value = i.ContentType;
            p["$size"].Value = i.Size;
            p["$key"].Value = $"users/{userId}/{i.PublicId}/original.{Ext(i)}";
            p["$thumb"].Value = $"users/{userId}/{i.PublicId}/thumb.webp";
            p["$w"].Value = i.Width;
            p["$h"].Value = i.Height;
            p["$caption"].Value = (object?)i.Caption ?? DBNull.Value;
            p["$status"].Value = i.Status;
            p["$at"].Value = T(i.CreatedAt);
            p["$taken"].Value = i.TakenAt is { } t ? T(t) : DBNull.Value;
            p["$sort"].Value = T(i.SortKey);
            p["$facts"].Value = (object?)i.Facts ?? DBNull.Value;
            p["$before"].Value = i.Status == 4 ? 2 : DBNull.Value;
            p["$trashed"].Value = i.Status == 4 ? T(now.AddDays(-3)) : DBNull.Value;
            await insert.ExecuteNonQueryAsync();
        }
        var member = db.CreateCommand();
        member.Transaction = tx;
        member.CommandText = "INSERT INTO AlbumImages (AlbumId, ImageId, AddedAt) VALUES ($album, $image, $at)";
        var album = member.Parameters.Add("$album", SqliteType.Integer);
        var image = member.Parameters.Add("$image", SqliteType.Integer);
        member.Parameters.AddWithValue("$at", T(now));
        foreach (var a in albums)
        {
            album.Value = (long)(await Scalar(db, "INSERT INTO Albums (PublicId, OwnerId, Name, CreatedAt) VALUES ($p0, $p1, $p2, $p3) RETURNING Id",
                a.PublicId.ToString().ToUpperInvariant(), userId, a.Name, T(now), tx))!;
            foreach (var imageId in a.ImageIds)
            {
                image.Value = imageId;
                await member.ExecuteNonQueryAsync();
            }
        }
        // Where memberships carry their image's date-taken order (AlbumImages.SortKey), copy it as
        // adding an image to an album does.
        if ((long)(await Scalar(db, "SELECT COUNT(*) FROM pragma_table_info('AlbumImages') WHERE name = 'SortKey'", tx))! > 0)
            await Scalar(db, "UPDATE AlbumImages SET SortKey = (SELECT i.SortKey FROM Images i WHERE i.Id = AlbumImages.ImageId) WHERE ImageId >= $p0",
                firstId, tx);
        await Scalar(db, "UPDATE AspNetUsers SET ImageCount = ImageCount + $p0, BytesUsed = BytesUsed + $p1 WHERE Id = $p2",
            images.Count, images.Sum(i => i.Size), userId, tx);
        await tx.CommitAsync();
        return (images, albums);
    }

    private static async Task<object?> Scalar(SqliteConnection db, string sql, params object[] args)
    {
        var command = db.CreateCommand();
        command.CommandText = sql;
        var values = args.ToList();
        if (values.LastOrDefault() is SqliteTransaction tx) { command.Transaction = tx; values.RemoveAt(values.Count - 1); }
        for (var i = 0; i < values.Count; i++) command.Parameters.AddWithValue($"$p{i}", values[i]);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<(List<SeedImage>, List<SeedAlbum>)> PostgresAsync(string cs, string email, int count, DateTime now)
    {
        await using var db = new NpgsqlConnection(cs);
        await db.OpenAsync();
        var userId = (string)(await Pg(db, "SELECT \"Id\" FROM \"AspNetUsers\" WHERE \"NormalizedEmail\" = @p0", email.ToUpperInvariant()))!;
        var firstId = (long)(await Pg(db, "SELECT COALESCE(MAX(\"Id\"), 0) + 1 FROM \"Images\""))!;
        var (images, albums) = PhotoLibrary.Make(count, firstId, now);

        await using (var copy = await db.BeginBinaryImportAsync("""
            COPY "Images" ("Id", "PublicId", "OwnerId", "FileName", "ContentType", "Size", "ObjectKey", "ThumbnailKey",
                "ThumbnailContentType", "ThumbnailSize", "Width", "Height", "Caption", "Status", "CreatedAt", "UploadedAt",
                "TakenAt", "SortKey", "Facts", "StatusBeforeTrash", "TrashedAt") FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var i in images)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(i.Id, NpgsqlDbType.Bigint);
                await copy.WriteAsync(i.PublicId, NpgsqlDbType.Uuid);
                await copy.WriteAsync(userId, NpgsqlDbType.Text);
                await copy.WriteAsync(i.FileName, NpgsqlDbType.Varchar);
                await copy.WriteAsync(i.ContentType, NpgsqlDbType.Varchar);
                await copy.WriteAsync(i.Size, NpgsqlDbType.Bigint);
                await copy.WriteAsync($"users/{userId}/{i.PublicId}/original.{Ext(i)}", NpgsqlDbType.Varchar);
                await copy.WriteAsync($"users/{userId}/{i.PublicId}/thumb.webp", NpgsqlDbType.Varchar);
                await copy.WriteAsync("image/webp", NpgsqlDbType.Varchar);
                await copy.WriteAsync(30000L, NpgsqlDbType.Bigint);
                await copy.WriteAsync(i.Width, NpgsqlDbType.Integer);
                await copy.WriteAsync(i.Height, NpgsqlDbType.Integer);
                await copy.WriteAsync(i.Caption, NpgsqlDbType.Varchar);
                await copy.WriteAsync(i.Status, NpgsqlDbType.Integer);
                await copy.WriteAsync(i.CreatedAt, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(i.CreatedAt, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(i.TakenAt, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(i.SortKey, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(i.Facts, NpgsqlDbType.Varchar);
                await copy.WriteAsync(i.Status == 4 ? 2 : (int?)null, NpgsqlDbType.Integer);
                await copy.WriteAsync(i.Status == 4 ? now.AddDays(-3) : (DateTime?)null, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
        await Pg(db, "SELECT setval(pg_get_serial_sequence('\"Images\"', 'Id'), (SELECT MAX(\"Id\") FROM \"Images\"))");

        var members = new List<(long Album, long Image)>();
        foreach (var a in albums)
        {
            var albumId = (long)(await Pg(db, "INSERT INTO \"Albums\" (\"PublicId\", \"OwnerId\", \"Name\", \"CreatedAt\") VALUES (@p0, @p1, @p2, @p3) RETURNING \"Id\"",
                a.PublicId, userId, a.Name, now))!;
            members.AddRange(a.ImageIds.Select(i => (albumId, i)));
        }
        await using (var copy = await db.BeginBinaryImportAsync("COPY \"AlbumImages\" (\"AlbumId\", \"ImageId\", \"AddedAt\") FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (album, image) in members)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(album, NpgsqlDbType.Bigint);
                await copy.WriteAsync(image, NpgsqlDbType.Bigint);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
        if ((long)(await Pg(db, "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'AlbumImages' AND column_name = 'SortKey'"))! > 0)
            await Pg(db, "UPDATE \"AlbumImages\" m SET \"SortKey\" = i.\"SortKey\" FROM \"Images\" i WHERE i.\"Id\" = m.\"ImageId\" AND m.\"ImageId\" >= @p0", firstId);
        await Pg(db, "UPDATE \"AspNetUsers\" SET \"ImageCount\" = \"ImageCount\" + @p0, \"BytesUsed\" = \"BytesUsed\" + @p1 WHERE \"Id\" = @p2",
            images.Count, images.Sum(i => i.Size), userId);
        await Pg(db, "VACUUM ANALYZE \"Images\", \"Albums\", \"AlbumImages\"");
        return (images, albums);
    }

    private static async Task<object?> Pg(NpgsqlConnection db, string sql, params object[] args)
    {
        await using var command = new NpgsqlCommand(sql, db) { CommandTimeout = 600 };
        for (var i = 0; i < args.Length; i++) command.Parameters.AddWithValue($"p{i}", args[i]);
        return await command.ExecuteScalarAsync();
    }
}
