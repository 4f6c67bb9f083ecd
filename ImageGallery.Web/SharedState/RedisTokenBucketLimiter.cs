using System.Diagnostics;
using System.Threading.RateLimiting;
using ImageGallery.Web.Hosting;

namespace ImageGallery.Web.SharedState;

// One partition's token bucket, held in Redis (see RateLimiters for the script and the
// fallback). Same settings and Retry-After as the in-process TokenBucketRateLimiter.
internal sealed class RedisTokenBucketLimiter(RateLimiters limiters, string key, TokenBucketSettings settings) : RateLimiter
{
    private readonly Lazy<TokenBucketRateLimiter> _local = new(() => new TokenBucketRateLimiter(InProcessRateLimitPartitions.Options(settings)));
    private long _lastUsed = Stopwatch.GetTimestamp();

    // Idle (and so disposable by the partitioned limiter) once nothing has asked for a while:
    // the state that matters is in Redis; an in-process fallback bucket only when it is full again.
    public override TimeSpan? IdleDuration => _local.IsValueCreated
        ? _local.Value.IdleDuration
        : Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => _local.IsValueCreated ? _local.Value.GetStatistics() : null;

    // Nothing can be decided without a round trip: a refused attempt makes the rate-limiting
    // middleware ask AcquireAsync, which goes to Redis (unless Redis is known to be down).
    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        limiters.ShouldAskRedis() ? Lease.Undecided : Fallback(permitCount);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
        if (limiters.ShouldAskRedis() && await limiters.TryTakeAsync(key, settings, permitCount) is { } decision)
            return decision.Granted ? Lease.Granted : new Lease(false, decision.RetryAfter);
        return Fallback(permitCount);
    }

    private RateLimitLease Fallback(int permitCount)
    {
        limiters.Unreachable("not connected");
        return limiters.FailOpen ? _local.Value.AttemptAcquire(permitCount) : Lease.Unavailable;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _local.IsValueCreated) _local.Value.Dispose();
        base.Dispose(disposing);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter = null, bool unavailable = false) : RateLimitLease
    {
        public static readonly Lease Granted = new(true);
        public static readonly Lease Undecided = new(false);
        public static readonly Lease Unavailable = new(false, unavailable: true);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames =>
            retryAfter is null ? unavailable ? [RateLimiters.StoreUnavailable.Name] : [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (metadataName == MetadataName.RetryAfter.Name && retryAfter is { } wait) { metadata = wait; return true; }
            if (metadataName == RateLimiters.StoreUnavailable.Name && unavailable) { metadata = true; return true; }
            metadata = null;
            return false;
        }
    }
}
