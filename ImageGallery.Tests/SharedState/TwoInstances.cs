using System.Net;
using ImageGallery.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace ImageGallery.Tests.SharedState;

// Two in-process instances of the app over one data directory and one database (a SQLite
// file there, or a fresh PostgreSQL database), optionally with Redis, and one browser's cookies shared between them: what a person
// behind a load balancer looks like to each instance.
public sealed class TwoInstances : IDisposable
{
    private readonly List<GalleryFactory> _factories = [];

    private readonly PostgresTestDatabase? _postgres;

    public TwoInstances(RedisServer? redis, params (string Key, string Value)[] settings)
        : this(TestDatabase.Sqlite, redis, settings) { }

    public TwoInstances(TestDatabase database, RedisServer? redis, params (string Key, string Value)[] settings)
    {
        Redis = redis;
        if (database == TestDatabase.Postgres)
        {
            _postgres = PostgresTestDatabase.Create();
            settings = [.. settings, ("Database:Provider", "Postgres"), ("ConnectionStrings:Gallery", _postgres.ConnectionString)];
        }
        Settings = settings;
        DataDirectory = Path.Combine(Path.GetTempPath(), "gallery-tests", Guid.NewGuid().ToString("N"));
        A = Start();
        B = Start();
    }

    public RedisServer? Redis { get; }
    public (string Key, string Value)[] Settings { get; }
    public string DataDirectory { get; }
    public GalleryFactory A { get; }
    public GalleryFactory B { get; }
    public CookieContainer Cookies { get; } = new();

    // Another instance over the same data: a restart, or a third instance.
    public GalleryFactory Start(string? dataDirectory = null)
    {
        var settings = Settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        if (Redis is not null) settings["Redis:Configuration"] = Redis.Configuration;
        var factory = new GalleryFactory(settings, dataDirectory ?? DataDirectory);
        _factories.Add(factory);
        return factory;
    }

    // The shared browser, talking to one instance.
    public GalleryClient Browser(GalleryFactory instance) =>
        new(instance.CreateDefaultClient(GalleryFactory.BaseAddress, new CookieContainerHandler(Cookies)));

    public void Dispose()
    {
        foreach (var f in _factories) f.Dispose();
        _postgres?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
