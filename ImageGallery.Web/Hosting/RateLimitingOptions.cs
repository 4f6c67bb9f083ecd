using System.ComponentModel.DataAnnotations;

namespace ImageGallery.Web.Hosting;

public sealed class RateLimitingOptions : IValidatableObject
{
    public const string Section = "RateLimiting";

    // Per signed-in user. A person dropping a few hundred photos is held back by
    // three uploads at a time long before the bucket runs dry; a script is not.
    public TokenBucketSettings Presign { get; set; } = new() { TokenLimit = 200, TokensPerPeriod = 10, ReplenishmentPeriod = TimeSpan.FromSeconds(1) };

    // Per signed-in user: each complete reads storage, each delete writes it.
    public TokenBucketSettings Complete { get; set; } = new() { TokenLimit = 200, TokensPerPeriod = 10, ReplenishmentPeriod = TimeSpan.FromSeconds(1) };
    public TokenBucketSettings Delete { get; set; } = new() { TokenLimit = 100, TokensPerPeriod = 5, ReplenishmentPeriod = TimeSpan.FromSeconds(1) };

    // Per client IP, for API requests from someone who is not signed in.
    public TokenBucketSettings Anonymous { get; set; } = new() { TokenLimit = 60, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromSeconds(1) };

    // Per client IP, POSTs to sign-in, registration and the account-recovery forms:
    // password guessing across many accounts, and mass registration. Ten a minute.
    public TokenBucketSettings SignIn { get; set; } = new() { TokenLimit = 20, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromSeconds(6) };

    // Per client IP, the embedded store's endpoints (/storage/*): a gallery page loads
    // up to a page of thumbnails at once.
    public TokenBucketSettings Storage { get; set; } = new() { TokenLimit = 300, TokensPerPeriod = 30, ReplenishmentPeriod = TimeSpan.FromSeconds(1) };

    // With Redis configured and unreachable: true counts in each process meanwhile (limits
    // hold per instance, not in total); false refuses rate-limited requests with 503.
    public bool FailOpen { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext context) =>
        new (string Name, TokenBucketSettings Settings)[]
        {
            (nameof(Presign), Presign), (nameof(Complete), Complete), (nameof(Delete), Delete),
            (nameof(Anonymous), Anonymous), (nameof(SignIn), SignIn), (nameof(Storage), Storage),
        }.SelectMany(b => b.Settings.Validate($"{Section}:{b.Name}"));
}

public sealed class TokenBucketSettings
{
    public int TokenLimit { get; set; }
    public int TokensPerPeriod { get; set; }
    public TimeSpan ReplenishmentPeriod { get; set; }

    internal IEnumerable<ValidationResult> Validate(string prefix)
    {
        if (TokenLimit < 1)
            yield return new($"{prefix}:TokenLimit must be at least 1.");
        if (TokensPerPeriod < 1 || TokensPerPeriod > TokenLimit)
            yield return new($"{prefix}:TokensPerPeriod must be between 1 and {prefix}:TokenLimit.");
        if (ReplenishmentPeriod < TimeSpan.FromMilliseconds(1) || ReplenishmentPeriod > TimeSpan.FromDays(1))
            yield return new($"{prefix}:ReplenishmentPeriod must be between 00:00:00.001 and 1.00:00:00.");
    }
}
