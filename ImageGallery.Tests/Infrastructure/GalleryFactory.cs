using ImageGallery.Web.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ImageGallery.Tests.Infrastructure;

// The real app over a real SQLite file in a fresh data directory, deleted afterwards, or
// (TestDatabase.Postgres) over a fresh PostgreSQL database, dropped afterwards.
// Settings are passed the way an operator would: configuration keys.
public class GalleryFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = new();
    private readonly List<Action<IServiceCollection>> _services = [];
    private readonly PostgresTestDatabase? _postgres;

    // Each app instance would otherwise watch appsettings.json with inotify, and a run holds
    // many instances at once (more with every suite on two databases): the per-user limit
    // (128 instances, shared with every other process of the user) ran out and hosts failed
    // to start. The tests never change configuration files while an app runs.
    static GalleryFactory()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }

    public GalleryFactory() : this(new Dictionary<string, string?>()) { }

    protected GalleryFactory(TestDatabase database) : this(new Dictionary<string, string?>(), database: database) { }

    // Internal: xunit needs fixtures to have a single public constructor.
    internal GalleryFactory(IDictionary<string, string?> settings, string? dataDirectory = null,
        TestDatabase database = TestDatabase.Sqlite)
    {
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "gallery-tests", Guid.NewGuid().ToString("N"));
        OwnsDataDirectory = dataDirectory is null;
        _settings["Gallery:DataDirectory"] = DataDirectory;
        // Every test client comes from one address and signs up its own people: per-IP
        // limits would hold the suite back. RateLimitTests sets them low to test them.
        foreach (var bucket in new[] { "SignIn", "Storage" })
        {
            _settings[$"RateLimiting:{bucket}:TokenLimit"] = "1000000";
            _settings[$"RateLimiting:{bucket}:TokensPerPeriod"] = "1000000";
        }
        Database = database;
        if (database == TestDatabase.Postgres)
        {
            _postgres = PostgresTestDatabase.Create();
            _settings["Database:Provider"] = "Postgres";
            _settings["ConnectionStrings:Gallery"] = _postgres.ConnectionString;
        }
        foreach (var (k, v) in settings) _settings[k] = v;
        // Outside Development the app's cookies are Secure, which a client sends only over
        // HTTPS: the in-memory server takes the scheme from the address, so tests use https.
        ClientOptions.BaseAddress = BaseAddress;
    }

    public static readonly Uri BaseAddress = new("https://localhost");

    public TestDatabase Database { get; }

    // The PostgreSQL database this factory made (null on SQLite): a second instance can share it.
    public string? PostgresConnectionString => _postgres?.ConnectionString;

    public string DataDirectory { get; }
    private bool OwnsDataDirectory { get; }

    public GalleryFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    // For what no setting reaches (framework options such as the stamp interval).
    public GalleryFactory WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    // The way an operator makes an admin: what `admin grant <email>` runs.
    public async Task GrantAdminAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<AdminRoles>().SetAdminAsync(email, admin: true));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Outside Development the app serves only published static files; the tests run
        // the build output, so point it at the build's assets (the compressed copies,
        // Identity UI's scripts), as a browser needs them.
        builder.UseStaticWebAssets();
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
        builder.ConfigureTestServices(s => _services.ForEach(configure => configure(s)));
    }

    public GalleryClient CreateGalleryClient() =>
        new(CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = ClientOptions.BaseAddress, AllowAutoRedirect = false, HandleCookies = true,
        }));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && OwnsDataDirectory)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
        }
        if (disposing) _postgres?.Dispose();
    }
}

// The same app over PostgreSQL: the suites that touch the database run on both.
public sealed class PostgresGalleryFactory() : GalleryFactory(TestDatabase.Postgres);
