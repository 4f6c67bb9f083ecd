using System.Net;
using ImageGallery.Web.Storage;

namespace ImageGallery.Tests.Infrastructure;

// The production shape on loopback: two instances of the built app as separate
// processes, sharing a PostgreSQL database, Redis and a bucket on RGW, behind nginx. The schema
// and the bucket are made once with the app's own `migrate` and `storage setup`, and the
// instances start with Database:MigrateOnStartup=false, as the README says to deploy.
public sealed class Deployment : IAsyncLifetime
{
    public const int PresignLimit = 5;
    public const int AnonymousLimit = 3;

    private readonly S3StorageOptions _s3 = S3GalleryFactory.FromEnvironment();
    private readonly PostgresTestDatabase _database = PostgresTestDatabase.Create();
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("gallery-deployment-").FullName;
    private readonly List<ChildProcess> _instances = [];

    public RedisServer Redis { get; } = new();
    public NginxProxy Nginx { get; private set; } = null!;
    public Uri[] Instances { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var settings = Settings();
        await AppProcess.RunAsync(settings, "migrate");
        // Idempotent; on a loaded machine RGW's bucket creation can outlast the client's timeout.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await AppProcess.RunAsync(settings, "storage", "setup");
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
        settings["Database:MigrateOnStartup"] = "false";

        var ports = new[] { LoopbackPorts.Free(), LoopbackPorts.Free() };
        Instances = ports.Select(p => new Uri($"http://127.0.0.1:{p}")).ToArray();
        for (var i = 0; i < ports.Length; i++)
        {
            // A data directory each: nothing may depend on a shared disk.
            settings["Gallery:DataDirectory"] = Path.Combine(_dataDirectory, $"instance-{i}");
            _instances.Add(AppProcess.Serve($"instance {(char)('A' + i)}", ports[i], settings));
        }
        Nginx = new NginxProxy(ports);
    }

    private Dictionary<string, string> Settings()
    {
        var settings = S3GalleryFactory.ToSettings(_s3).ToDictionary(s => s.Key, s => s.Value!);
        settings["Gallery:DataDirectory"] = Path.Combine(_dataDirectory, "operator");
        settings["Database:Provider"] = "Postgres";
        settings["ConnectionStrings:Gallery"] = _database.ConnectionString;
        settings["Redis:Configuration"] = Redis.Configuration;
        settings["Gallery:TrustedProxies:0"] = "127.0.0.1";
        settings["RateLimiting:Presign:TokenLimit"] = PresignLimit.ToString();
        settings["RateLimiting:Presign:TokensPerPeriod"] = "1";
        settings["RateLimiting:Presign:ReplenishmentPeriod"] = "01:00:00";
        settings["RateLimiting:Anonymous:TokenLimit"] = AnonymousLimit.ToString();
        settings["RateLimiting:Anonymous:TokensPerPeriod"] = "1";
        settings["RateLimiting:Anonymous:ReplenishmentPeriod"] = "01:00:00";
        settings["Logging:LogLevel:Default"] = "Warning";
        return settings;
    }

    // One more instance on the same parts, with some settings changed; stopped with the rest.
    public Uri StartInstance(params (string Key, string Value)[] changes)
    {
        var settings = Settings();
        settings["Database:MigrateOnStartup"] = "false";
        settings["Gallery:DataDirectory"] = Path.Combine(_dataDirectory, $"instance-{_instances.Count}");
        foreach (var (k, v) in changes) settings[k] = v;
        var port = LoopbackPorts.Free();
        _instances.Add(AppProcess.Serve($"instance {(char)('A' + _instances.Count)}", port, settings));
        return new Uri($"http://127.0.0.1:{port}");
    }

    // What the instances printed, for a failure message.
    public string Logs() => string.Join("\n\n", _instances.Select(i => i.Tail(20)));

    public async Task DisposeAsync()
    {
        Nginx?.Dispose();
        foreach (var instance in _instances) instance.Dispose();
        Redis.Dispose();
        _database.Dispose();
        await S3GalleryFactory.DeleteBucketAsync(_s3);
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}

// One person's browser: one cookie jar, whichever address it talks to (cookies for
// 127.0.0.1 go to every port, so the same person can talk to nginx or to one instance).
// Outside Development the app marks its cookies Secure, as it must behind a TLS proxy; the
// loopback set-up has no TLS, so the jar is kept as a browser on https://127.0.0.1 would
// keep it, and its cookies are sent over the plain-HTTP hop by hand.
public sealed class Person
{
    private static readonly Uri Origin = new("https://127.0.0.1");

    public CookieContainer Cookies { get; } = new();

    public GalleryClient At(Uri baseAddress) =>
        new(new HttpClient(new AsIfHttps(Cookies) { InnerHandler = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false } })
        {
            BaseAddress = baseAddress,
        });

    private sealed class AsIfHttps(CookieContainer cookies) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            // Cookies ignore ports: like a browser, this sends them to RGW on 127.0.0.1 too.
            if (cookies.GetCookieHeader(Origin) is { Length: > 0 } header)
                request.Headers.Add("Cookie", header);
            var response = await base.SendAsync(request, ct);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
                foreach (var cookie in set) cookies.SetCookies(Origin, cookie);
            return response;
        }
    }
}
