using System.Threading.RateLimiting;
using ImageGallery.Web.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ImageGallery.Web.SharedState;

// Makes the limiter of one partition of one named policy (Hosting/RateLimits names the key
// "{policy}:user:{id}" or "{policy}:ip:{address}"): Redis-held when Redis:Configuration is
// set (every instance counts against the same bucket), in-process otherwise. Every policy
// goes through IRateLimitPartitions, so a new policy is shared for free.
//
// While Redis cannot be reached, decisions fall back to an in-process bucket per partition
// (RateLimiting:FailOpen, the default) or are refused with 503; Redis is tried again as
// soon as the connection is back. The warning is logged once per outage, not per request.
public sealed class RateLimiters(
    RedisConnection redis, IOptions<RateLimitingOptions> options, TimeProvider time, ILogger<RateLimiters> logger)
    : IRateLimitPartitions
{
    private static readonly InProcessRateLimitPartitions InProcess = new();

    // After a failed call on a connection that still looks open (a Redis that hangs),
    // decisions stay local this long before Redis is asked again.
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    private long _retryAtTicks;
    private int _outage; // 1 while Redis is unreachable: logs the start and the end once.

    public static readonly MetadataName<bool> StoreUnavailable = new("STORE_UNAVAILABLE");

    public RateLimitPartition<string> Get(string key, TokenBucketSettings settings) =>
        redis.IsConfigured
            ? RateLimitPartition.Get(key, k => new RedisTokenBucketLimiter(this, $"{redis.KeyPrefix}rl:{k}", settings))
            : InProcess.Get(key, settings);

    internal bool FailOpen => options.Value.FailOpen;

    internal bool ShouldAskRedis() =>
        redis.IsConnected && time.GetUtcNow().UtcTicks >= Interlocked.Read(ref _retryAtTicks);

    // One atomic decision: refill by whole periods since the last refill, take the permits
    // if they are there, else say when enough will be. Redis's clock, so every instance agrees.
    private const string Script = """
        local limit, per, period, permits = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'since')
        local tokens, since = tonumber(state[1]), tonumber(state[2])
        if tokens == nil then tokens, since = limit, now end
        local periods = math.floor((now - since) / period)
        if periods > 0 then
          tokens = math.min(limit, tokens + periods * per)
          since = since + periods * period
        end
        if tokens >= limit then since = now end
        local granted, wait = 0, 0
        if tokens >= permits and (permits > 0 or tokens > 0) then
          tokens = tokens - permits
          granted = 1
        else
          wait = since + period * math.ceil((math.max(permits, 1) - tokens) / per) - now
        end
        redis.call('HSET', KEYS[1], 'tokens', tokens, 'since', since)
        redis.call('PEXPIRE', KEYS[1], period * (math.ceil((limit - tokens) / per) + 1))
        return { granted, wait }
        """;

    // Null when Redis could not decide (the caller falls back).
    internal async Task<(bool Granted, TimeSpan RetryAfter)?> TryTakeAsync(string key, TokenBucketSettings s, int permits)
    {
        try
        {
            var result = (RedisResult[])(await redis.Database.ScriptEvaluateAsync(Script, [new RedisKey(key)],
                [s.TokenLimit, s.TokensPerPeriod, (long)Math.Ceiling(s.ReplenishmentPeriod.TotalMilliseconds), permits]))!;
            if (Interlocked.Exchange(ref _outage, 0) == 1)
                logger.LogInformation("Redis answers again: rate limits are shared across instances again");
            return ((long)result[0] == 1, TimeSpan.FromMilliseconds(Math.Max(0, (long)result[1])));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Interlocked.Exchange(ref _retryAtTicks, (time.GetUtcNow() + RetryAfterFailure).UtcTicks);
            Unreachable(e.GetType().Name);
            return null;
        }
    }

    internal void Unreachable(string reason)
    {
        if (Interlocked.Exchange(ref _outage, 1) == 0)
            logger.LogWarning("Redis is unreachable ({Reason}): rate limits {Fallback} until it answers again",
                reason, FailOpen ? "are counted in each process" : "refuse requests with 503 (RateLimiting:FailOpen=false)");
    }
}
