using ImageGallery.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Data;

public static class DataServiceCollectionExtensions
{
    public static IServiceCollection AddGalleryData(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .Configure<IConfiguration>((o, config) => o.ConnectionString ??= config.GetConnectionString("Gallery"))
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddDbContextPool<SqliteGalleryDbContext>((sp, o) =>
            o.UseSqlite(SqliteConnectionString(sp), x => x.MigrationsAssembly(typeof(GalleryDbContext).Assembly))
                .AddInterceptors(Pragmas));
        services.AddDbContextPool<SqlServerGalleryDbContext>((sp, o) =>
            o.UseSqlServer(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString,
                x => x.EnableRetryOnFailure()));
        services.AddDbContextPool<PostgresGalleryDbContext>((sp, o) =>
            o.UseNpgsql(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString,
                x => x.EnableRetryOnFailure()));

        // Everything else asks for GalleryDbContext; configuration picks the provider.
        services.AddScoped<GalleryDbContext>(sp =>
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider switch
            {
                DatabaseProvider.SqlServer => sp.GetRequiredService<SqlServerGalleryDbContext>(),
                DatabaseProvider.Postgres => sp.GetRequiredService<PostgresGalleryDbContext>(),
                _ => sp.GetRequiredService<SqliteGalleryDbContext>(),
            });

        services.AddScoped<DatabaseMigrator>();
        return services;
    }

    private static readonly SqlitePragmas Pragmas = new();

    private static string SqliteConnectionString(IServiceProvider sp)
    {
        var configured = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString;
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        var dir = sp.GetRequiredService<IOptions<GalleryOptions>>().Value.DataDirectory;
        return $"Data Source={Path.Combine(dir, "gallery.db")}";
    }
}
