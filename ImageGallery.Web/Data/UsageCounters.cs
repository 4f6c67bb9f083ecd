using Microsoft.EntityFrameworkCore;

namespace ImageGallery.Web.Data;

// AppUser.ImageCount/BytesUsed move with every Image row that is added or removed,
// inside the same transaction. Reserving is one conditional UPDATE, so two presigns
// racing for the last slot cannot both win, and its cost does not grow with the
// number of images a person has.
public static class UsageCounters
{
    public static async Task<bool> TryReserveAsync(this GalleryDbContext db, string userId, long bytes,
        int maxImages, long maxBytes, CancellationToken ct) =>
        await db.Users
            .Where(u => u.Id == userId && u.ImageCount + 1 <= maxImages && u.BytesUsed + bytes <= maxBytes)
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.ImageCount, u => u.ImageCount + 1)
                .SetProperty(u => u.BytesUsed, u => u.BytesUsed + bytes), ct) == 1;

    public static Task ReleaseAsync(this GalleryDbContext db, string userId, int images, long bytes, CancellationToken ct) =>
        db.AdjustAsync(userId, -images, -bytes, ct);

    public static Task AdjustAsync(this GalleryDbContext db, string userId, int images, long bytes, CancellationToken ct) =>
        db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(u => u.ImageCount, u => u.ImageCount + images)
                .SetProperty(u => u.BytesUsed, u => u.BytesUsed + bytes), ct);

    public static long StoredBytes(this Image image) => image.Size + (image.ThumbnailSize ?? 0);

    // A unit of work in one transaction, run through the provider's execution strategy
    // (SQL Server's retrying strategy refuses bare user transactions).
    //
    // SQLite has one writer at a time. Left to itself, a second writer gets SQLITE_BUSY
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
