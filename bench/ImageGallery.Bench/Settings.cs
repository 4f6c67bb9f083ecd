namespace ImageGallery.Bench;

public static class Settings
{
    // The limiter and quotas stay in the pipeline; only their numbers are out of reach.
    // Every policy (the bench registers its people from one address, and uploads as fast as it can).
    public static readonly Dictionary<string, string> Unthrottled = new[] { "Presign", "Complete", "Delete", "Anonymous", "SignIn", "Storage" }
        .SelectMany(policy => new[]
        {
            KeyValuePair.Create($"RateLimiting:{policy}:TokenLimit", "100000000"),
            KeyValuePair.Create($"RateLimiting:{policy}:TokensPerPeriod", "100000000"),
            KeyValuePair.Create($"RateLimiting:{policy}:ReplenishmentPeriod", "00:00:01"),
        })
        .Concat([KeyValuePair.Create("Uploads:MaxImagesPerUser", "100000000"), KeyValuePair.Create("Uploads:MaxBytesPerUser", "1000000000000000")])
        .ToDictionary();

    public static Dictionary<string, string> Embedded(string dataDir, Dictionary<string, string>? extra = null)
    {
        var s = new Dictionary<string, string> { ["Gallery:DataDirectory"] = dataDir, ["Storage:Provider"] = "Embedded" };
        foreach (var (k, v) in extra ?? []) s[k] = v;
        return s;
    }

    public static Dictionary<string, string> S3(string dataDir, Dictionary<string, string>? extra = null)
    {
        var s = new Dictionary<string, string>
        {
            ["Gallery:DataDirectory"] = dataDir,
            ["Storage:Provider"] = "S3",
            ["Storage:S3:ServiceUrl"] = Env("S3_SERVICE_URL"),
            ["Storage:S3:BucketName"] = Env("S3_BUCKET"),
            ["Storage:S3:AccessKeyId"] = Env("S3_ACCESS_KEY"),
            ["Storage:S3:SecretAccessKey"] = Env("S3_SECRET_KEY"),
            ["Storage:S3:UploadAccessKeyId"] = Env("S3_UPLOAD_ACCESS_KEY"),
            ["Storage:S3:UploadSecretAccessKey"] = Env("S3_UPLOAD_SECRET_KEY"),
            ["Storage:S3:Region"] = Environment.GetEnvironmentVariable("S3_REGION") ?? "us-east-1",
            ["Storage:S3:ForcePathStyle"] = "true",
        };
        foreach (var (k, v) in extra ?? []) s[k] = v;
        return s;
    }

    public static string Env(string name) => Environment.GetEnvironmentVariable(name)
        ?? throw new InvalidOperationException($"{name} is not set: run bench/run.sh, which starts RGW and sets it.");
}
