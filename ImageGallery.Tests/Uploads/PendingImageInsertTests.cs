using System.Text.Json;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Uploads;

// Presigns write their row with a prepared INSERT, not EF: the row must be the one EF
// would have written, to the stored text, or EF's queries would miss it.
public abstract class PendingImageInsertTests(GalleryFactory factory)
{
    [Fact]
    public async Task Presign_RecordsARow_ThatEFReadsBackAsRequested()
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync("insert");
        var before = DateTime.UtcNow.AddSeconds(-1);
        var presign = await client.PresignOkAsync(Request("holiday.jpg", size: 5323, thumbnail: Thumbnail("image/webp", 2048)));

        var image = await FindImageAsync(factory, presign.Id);
        Assert.NotNull(image);
        Assert.True(image.Id > 0);
        Assert.Equal(await ImageSeeder.UserIdAsync(factory, client.Email!), image.OwnerId);
        Assert.Equal(("holiday.jpg", "image/jpeg", 5323L), (image.FileName, image.ContentType, image.Size));
        Assert.Equal(ObjectKeys.Original(image.OwnerId, presign.Id, "image/jpeg"), image.ObjectKey);
        Assert.Equal(ObjectKeys.Thumbnail(image.OwnerId, presign.Id, "image/webp"), image.ThumbnailKey);
        Assert.Equal(("image/webp", (long?)2048), (image.ThumbnailContentType, image.ThumbnailSize));
        Assert.Equal((640, 480), (image.Width, image.Height));
        Assert.Equal(ImageStatus.Pending, image.Status);
        Assert.Equal(DateTimeKind.Utc, image.CreatedAt.Kind);
        Assert.InRange(image.CreatedAt, before, DateTime.UtcNow.AddSeconds(1));
        Assert.Null(image.Caption);
        Assert.Null(image.RejectionReason);
        Assert.Null(image.UploadedAt);
        Assert.Null(image.ReviewedAt);
        Assert.Null(image.ReviewedById);
    }

    [Fact]
    public async Task Insert_StoresEveryColumn_AsEFDoes()
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync("insert");
        var ownerId = await ImageSeeder.UserIdAsync(factory, client.Email!);
        var viaInsert = Sample(ownerId, factory.Database);
        var viaEf = Sample(ownerId, factory.Database);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
            await db.InTransactionAsync(async () =>
            {
                await using var insert = PendingImageInsert.Prepare(db);
                await insert.InsertAsync(viaInsert);
                return true;
            }, CancellationToken.None);
            db.Images.Add(viaEf);
            await db.SaveChangesAsync();
        }

        await using var check = factory.Services.CreateAsyncScope();
        var read = check.ServiceProvider.GetRequiredService<GalleryDbContext>();
        var back = await read.Images.AsNoTracking().SingleAsync(i => i.PublicId == viaInsert.PublicId);
        Assert.Equal(DateTimeKind.Utc, back.CreatedAt.Kind);
        Assert.Equal(DateTimeKind.Utc, back.UploadedAt!.Value.Kind);
        viaInsert.Id = back.Id;
        Assert.Equivalent(viaInsert, back, strict: true);
        Assert.Equal(Stored(await RawAsync(read, viaEf.PublicId), viaEf), Stored(await RawAsync(read, viaInsert.PublicId), viaInsert));
    }

    private static Image Sample(string ownerId, TestDatabase database)
    {
        var id = Guid.NewGuid();
        // SQLite keeps all seven digits of a tick; PostgreSQL keeps microseconds.
        var at = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc)
            .AddTicks(database == TestDatabase.Postgres ? 1234560 : 1234567);
        return new Image
        {
            PublicId = id, OwnerId = ownerId, FileName = "ünïcode 'quoted'.png", ContentType = "image/png", Size = 1L << 40,
            ObjectKey = $"k/{id}", ThumbnailKey = $"t/{id}", ThumbnailContentType = "image/webp", ThumbnailSize = 77,
            Width = 1, Height = int.MaxValue, Caption = "caption", Status = ImageStatus.Rejected, RejectionReason = "reason",
            CreatedAt = at, UploadedAt = at.AddSeconds(1), ReviewedAt = at.AddTicks(10), ReviewedById = "reviewer",
            TakenAt = at.AddDays(-3), SortKey = at.AddDays(-3),
            Facts = new PhotoFacts("Make", "Model \"x\"", "Lens", 0.004, 2.8, 400, 50, 6, true, -33.5, 151.25),
        };
    }

    // Every column as the database holds it, keys that differ by design masked. SQLite: the
    // storage class and text of each value. PostgreSQL (typed columns): each value's text.
    private Task<List<string>> RawAsync(GalleryDbContext db, Guid id) =>
        factory.Database == TestDatabase.Postgres ? PostgresRawAsync(db, id) : SqliteRawAsync(db, id);

    private static async Task<List<string>> SqliteRawAsync(GalleryDbContext db, Guid id)
    {
        await using var reader = await QueryAsync(db, "SELECT * FROM Images WHERE PublicId = @id", id.ToString().ToUpperInvariant());
        var columns = new List<string>();
        for (var i = 0; i < reader.FieldCount; i++)
            columns.Add($"{reader.GetName(i)}={reader.GetFieldType(i).Name}:{(reader.IsDBNull(i) ? "NULL" : reader.GetString(i))}");
        return columns;
    }

    private static async Task<List<string>> PostgresRawAsync(GalleryDbContext db, Guid id)
    {
        await using var reader = await QueryAsync(db, "SELECT to_jsonb(i)::text FROM \"Images\" i WHERE \"PublicId\" = @id", id);
        using var row = JsonDocument.Parse(reader.GetString(0));
        return row.RootElement.EnumerateObject().Select(c => $"{c.Name}={c.Value.ValueKind}:{c.Value.GetRawText()}").ToList();
    }

    private static async Task<System.Data.Common.DbDataReader> QueryAsync(GalleryDbContext db, string sql, object id)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = sql;
        var p = command.CreateParameter();
        p.ParameterName = "@id";
        p.Value = id;
        command.Parameters.Add(p);
        var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.CloseConnection);
        Assert.True(await reader.ReadAsync());
        return reader;
    }

    private static List<string> Stored(List<string> columns, Image image) => columns
        .Where(c => !c.StartsWith("Id=", StringComparison.Ordinal))
        .Select(c => c.Replace(image.PublicId.ToString().ToUpperInvariant(), "<guid>")
            .Replace(image.PublicId.ToString(), "<lower-case guid>"))
        .ToList();
}

public sealed class SqlitePendingImageInsertTests(GalleryFactory factory)
    : PendingImageInsertTests(factory), IClassFixture<GalleryFactory>;

public sealed class PostgresPendingImageInsertTests(PostgresGalleryFactory factory)
    : PendingImageInsertTests(factory), IClassFixture<PostgresGalleryFactory>;
