using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ImageGallery.Web.SharedState;

// The one Redis connection of the process (a multiplexer is made to be shared), opened
// on first use. It never fails to open: with Redis down the multiplexer keeps trying in
// the background, IsConnected says false meanwhile, and the callers fall back.
public sealed class RedisConnection(IOptions<RedisOptions> options, ILogger<RedisConnection> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private ConnectionMultiplexer? _multiplexer;

    public bool IsConfigured => options.Value.IsConfigured;

    public string KeyPrefix => options.Value.KeyPrefix;

    public IConnectionMultiplexer Multiplexer
    {
        get
        {
            if (_multiplexer is { } open) return open;
            lock (_gate)
            {
                return _multiplexer ??= Connect();
            }
        }
    }

    public bool IsConnected => IsConfigured && Multiplexer.IsConnected;

    public IDatabase Database => Multiplexer.GetDatabase();

    private ConnectionMultiplexer Connect()
    {
        if (!IsConfigured) throw new InvalidOperationException("Redis:Configuration is not set.");
        var config = ConfigurationOptions.Parse(options.Value.Configuration!);
        // Start even when Redis is down, and reconnect by itself when it is back.
        config.AbortOnConnectFail = false;
        // After an outage, try every second: a few seconds back to shared limits, not minutes.
        config.ReconnectRetryPolicy = new LinearRetry(1000);
        var multiplexer = ConnectionMultiplexer.Connect(config);
        if (!multiplexer.IsConnected)
            logger.LogWarning("Redis ({Endpoints}) is not reachable yet; the app keeps trying in the background",
                string.Join(", ", config.EndPoints));
        return multiplexer;
    }

    public void Dispose() => _multiplexer?.Dispose();
}
