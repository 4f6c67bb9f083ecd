using ImageGallery.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ImageGallery.Tests.Hosting;

public class DatabaseTests
{
    // SQL Server cannot run here: the model and its migrations are proved by the
    // script they generate, the same one an operator would review and apply.
    [Fact]
    public void SqlServerMigrations_GenerateAnIdempotentScript_ThatCreatesEveryTable()
    {
        var options = new DbContextOptionsBuilder<SqlServerGalleryDbContext>()
            .UseSqlServer("Server=unused;Database=Gallery").Options;
        using var db = new SqlServerGalleryDbContext(options);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        foreach (var table in new[] { "AspNetUsers", "AspNetRoles", "AspNetUserRoles", "Images", "AuditEntries", "__EFMigrationsHistory" })
            Assert.Contains($"CREATE TABLE [{table}]", script);
        Assert.Contains("IF NOT EXISTS", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Images_PublicId]", script);
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a SQL Server migration.");
    }

    [Fact]
    public void SqliteMigrations_MatchTheModel()
    {
        var options = new DbContextOptionsBuilder<SqliteGalleryDbContext>().UseSqlite("Data Source=:memory:").Options;
        using var db = new SqliteGalleryDbContext(options);
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a SQLite migration.");
    }
}
