using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ImageGallery.Web.Data;

// In WAL mode, synchronous=NORMAL syncs at checkpoints instead of on every commit:
// the database cannot be corrupted by a crash, and a power cut can at worst lose the
// last few commits. With FULL (SQLite's default) every presign waited on an fsync,
// which capped the app at a few hundred uploads a second.
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        Apply(connection).ExecuteNonQuery();

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default) =>
        await Apply(connection).ExecuteNonQueryAsync(cancellationToken);

    private static DbCommand Apply(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous=NORMAL;";
        return command;
    }
}
