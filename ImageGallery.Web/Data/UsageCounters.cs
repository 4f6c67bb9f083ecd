using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ImageGallery.Web.Data;

// AppUser.ImageCount/BytesUsed move with every Image row that is added or removed,
// inside the same transaction. Reserving is one conditional UPDATE, so two presigns
// racing for the last slot cannot both win, and its cost does not grow with the
// number of images a person has.
public static class UsageCounters
{
    // One prepared statement for a whole batch of reservations, inside the caller's
    // transaction: SQLite compiles it once instead of once per row, which is what
    // lets a batch of presigns commit in a fraction of a millisecond. It also checks
    // the admin's lock and quota overrides, so a presign reads nothing first.
    public static Reservation PrepareReservation(GalleryDbContext db)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Reservations run inside a transaction.");
        command.CommandText = ReservationSql(db.Provider());
        return new Reservation(command);
    }

    // Per provider, reachable from the tests that parse every dialect.
    public static string ReservationSql(DatabaseProvider provider)
    {
        var q = SqlDialect.Quoter(provider);
        return $"UPDATE {q("AspNetUsers")} SET {q("ImageCount")} = {q("ImageCount")} + 1, " +
            $"{q("BytesUsed")} = {q("BytesUsed")} + @bytes " +
            $"WHERE {q("Id")} = @id AND {q("LockedAt")} IS NULL " +
            $"AND {q("ImageCount")} + 1 <= COALESCE({q("MaxImagesOverride")}, @maxImages) " +
            $"AND {q("BytesUsed")} + @bytes <= COALESCE({q("MaxBytesOverride")}, @maxBytes)";
    }

    public sealed class Reservation : IAsyncDisposable
    {
        private readonly DbCommand _command;
        private readonly DbParameter _id, _bytes, _maxImages, _maxBytes;

        internal Reservation(DbCommand command)
        {
            _command = command;
            _id = _command.AddParameter("@id", DbType.String);
            _bytes = _command.AddParameter("@bytes", DbType.Int64);
            _maxImages = _command.AddParameter("@maxImages", DbType.Int32);
            _maxBytes = _command.AddParameter("@maxBytes", DbType.Int64);
        }

        /// <param name="maxImages">The limit for people without an override (likewise maxBytes).</param>
        /// <returns>false when the user is missing, locked by an admin, or would pass a limit.</returns>
        public async Task<bool> TryAsync(string userId, long bytes, int maxImages, long maxBytes)
        {
            _id.Value = userId;
            _bytes.Value = bytes;
            _maxImages.Value = maxImages;
            _maxBytes.Value = maxBytes;
            return await _command.ExecuteNonQueryAsync() == 1;
        }

        public ValueTask DisposeAsync() => _command.DisposeAsync();
    }

    // More bytes for an image already counted (a large file's small copies, declared after
    // its start): the same conditions as a reservation's (not locked by an admin, within the
    // byte limit, the person's override first), without a new image. False when refused.
    public static async Task<bool> TryReserveBytesAsync(this GalleryDbContext db, string userId, long bytes, long maxBytes,
        CancellationToken ct) =>
        await db.Users
            .Where(u => u.Id == userId && u.LockedAt == null && u.BytesUsed + bytes <= (u.MaxBytesOverride ?? maxBytes))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.BytesUsed, u => u.BytesUsed + bytes), ct) == 1;

    public static Task ReleaseAsync(this GalleryDbContext db, string userId, int images, long bytes, CancellationToken ct) =>
        db.AdjustAsync(userId, -images, -bytes, ct);

    public static Task AdjustAsync(this GalleryDbContext db, string userId, int images, long bytes, CancellationToken ct) =>
        db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.ImageCount, u => u.ImageCount + images)
                .SetProperty(u => u.BytesUsed, u => u.BytesUsed + bytes), ct);

    public static long StoredBytes(this Image image) => image.Size + (image.ThumbnailSize ?? 0) + (image.DisplaySize ?? 0);

    // A unit of work in one transaction, run through the provider's execution strategy
    // (SQL Server's retrying strategy refuses bare user transactions).
    //
    // SQLite has one writer at a time (PostgreSQL and SQL Server lock rows, so they need no gate). Left to itself, a second writer gets SQLITE_BUSY
    // and Microsoft.Data.Sqlite retries with a blocking Thread.Sleep on a thread-pool
    // thread: under load the pool starves and latency goes to hundreds of ms. Queueing
    // writers here, asynchronously, costs nothing and removes that.
    public static async Task<T> InTransactionAsync<T>(this GalleryDbContext db, Func<Task<T>> work, CancellationToken ct)
    {
        var gate = db.Database.IsSqlite() ? SqliteWriters : null;
        if (gate is not null) await gate.WaitAsync(ct);
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var result = await work();
                await tx.CommitAsync(ct);
                return result;
            });
        }
        finally
        {
            gate?.Release();
        }
    }

    private static readonly SemaphoreSlim SqliteWriters = new(1, 1);
}
