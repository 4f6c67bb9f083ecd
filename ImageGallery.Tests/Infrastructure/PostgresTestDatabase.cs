using Npgsql;

namespace ImageGallery.Tests.Infrastructure;

public enum TestDatabase { Sqlite, Postgres }

// A database of its own in the PostgreSQL cluster that scripts/test.sh starts (one per app
// instance, so tests never see each other's rows), dropped at dispose.
public sealed class PostgresTestDatabase : IDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private PostgresTestDatabase(string admin, string name, string connectionString)
    {
        _admin = admin;
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static PostgresTestDatabase Create()
    {
        var admin = Environment.GetEnvironmentVariable("PG_CONNECTION") is { Length: > 0 } v
            ? v
            : throw new InvalidOperationException(
                "The PostgreSQL tests need a server and its connection string in PG_CONNECTION (it is not set). " +
                "Run them with scripts/test.sh, which starts a throwaway cluster and exports PG_CONNECTION; " +
                "or run scripts/pg-up.sh and `set -a; . $D/env; set +a` first.");
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        Execute(admin, $"CREATE DATABASE \"{name}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        return new PostgresTestDatabase(admin, name, connectionString);
    }

    // FORCE ends the app's pooled connections, which would otherwise keep it from dropping.
    public void Dispose() => Execute(_admin, $"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)");

    private static void Execute(string connectionString, string sql)
    {
        // No pooling: these connections go to the maintenance database, once per factory.
        using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
