using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ImageGallery.Web.Data;

// Used by `dotnet ef migrations add` only: no connection is opened.
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteGalleryDbContext>
{
    public SqliteGalleryDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteGalleryDbContext>().UseSqlite("Data Source=design.db").Options);
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerGalleryDbContext>
{
    public SqlServerGalleryDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerGalleryDbContext>().UseSqlServer("Server=design;Database=Gallery").Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresGalleryDbContext>
{
    public PostgresGalleryDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresGalleryDbContext>().UseNpgsql("Host=design;Database=gallery").Options);
}
