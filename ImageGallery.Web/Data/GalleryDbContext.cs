using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ImageGallery.Web.Data;

public class GalleryDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Image> Images => Set<Image>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    // The data protection key ring (cookies, antiforgery tokens), shared by every instance
    // when Redis is not configured (SharedState/).
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(GalleryDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is UTC; providers hand DateTime back as Unspecified otherwise.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}

// One context type per provider, so each provider keeps its own migrations
// (Data/Migrations/Sqlite, Data/Migrations/SqlServer and Data/Migrations/Postgres).
public sealed class SqliteGalleryDbContext(DbContextOptions<SqliteGalleryDbContext> options) : GalleryDbContext(options);

public sealed class SqlServerGalleryDbContext(DbContextOptions<SqlServerGalleryDbContext> options) : GalleryDbContext(options);

public sealed class PostgresGalleryDbContext(DbContextOptions<PostgresGalleryDbContext> options) : GalleryDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // A lockout end may come in any offset (UserManager takes what it is given).
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
    }
}

public static class GalleryDbContextExtensions
{
    // Which dialect a raw SQL statement must speak for this context.
    public static DatabaseProvider Provider(this GalleryDbContext db) => db switch
    {
        SqliteGalleryDbContext => DatabaseProvider.Sqlite,
        SqlServerGalleryDbContext => DatabaseProvider.SqlServer,
        PostgresGalleryDbContext => DatabaseProvider.Postgres,
        _ => throw new NotSupportedException($"No provider for {db.GetType().Name}."),
    };
}
