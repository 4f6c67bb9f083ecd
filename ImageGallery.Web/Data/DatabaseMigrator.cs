using Microsoft.EntityFrameworkCore;

namespace ImageGallery.Web.Data;

public sealed class DatabaseMigrator(GalleryDbContext db, ILogger<DatabaseMigrator> logger)
{
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken ct = default) =>
        (await db.Database.GetPendingMigrationsAsync(ct)).ToList();

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            // WAL lets gallery reads proceed while an upload is being recorded.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        if (pending.Count > 0)
            logger.LogInformation("Applied {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        return pending;
    }
}
