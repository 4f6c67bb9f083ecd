using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ImageGallery.Web.Data;

public class GalleryDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<Image> Images => Set<Image>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Album> Albums => Set<Album>();
    public DbSet<AlbumImage> AlbumImages => Set<AlbumImage>();

    // The data protection key ring (cookies, antiforgery tokens), shared by every instance
    // when Redis is not configured (SharedState/).
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(GalleryDbContext).Assembly);
        // SQL Server refuses two cascade paths to one table (Users -> Albums -> AlbumImages
        // and Users -> Images -> AlbumImages). There the album side is not cascaded by the
        // database; AlbumService deletes an album's memberships itself, and an account's
        // images (whose memberships do cascade) go with it.
        if (Database.IsSqlServer())
            builder.Entity<AlbumImage>().HasOne(m => m.Album).WithMany().HasForeignKey(m => m.AlbumId)
                .OnDelete(DeleteBehavior.ClientCascade);
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
