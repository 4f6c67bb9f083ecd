using System.Diagnostics.Metrics;

namespace ImageGallery.Web.Hosting;

// The app's own meter ("ImageGallery"), exported with the framework's when
// OpenTelemetry is on (Hosting/Telemetry.cs). Counters only: rates and totals are
// what an operator graphs; durations come from the ASP.NET Core instrumentation.
public sealed class GalleryMetrics
{
    public const string MeterName = "ImageGallery";

    private readonly Counter<long> _presigns;
    private readonly Counter<long> _completes;
    private readonly Counter<long> _verifiedBytes;
    private readonly Counter<long> _sweptUploads;
    private readonly Counter<long> _rateLimitRefusals;

    public GalleryMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _presigns = meter.CreateCounter<long>("gallery.uploads.presigns", "{request}", "Presign requests by outcome.");
        _completes = meter.CreateCounter<long>("gallery.uploads.completes", "{request}", "Complete requests by outcome.");
        _verifiedBytes = meter.CreateCounter<long>("gallery.uploads.verified_bytes", "By", "Bytes of originals that passed verification.");
        _sweptUploads = meter.CreateCounter<long>("gallery.uploads.swept", "{upload}", "Abandoned uploads the sweeper deleted.");
        _rateLimitRefusals = meter.CreateCounter<long>("gallery.rate_limit.refusals", "{request}", "Requests refused by a rate limit.");
    }

    public void Presign(int status) => _presigns.Add(1, Tags(status switch
    {
        < 300 => "issued",
        400 => "invalid",
        403 => "locked",
        409 or 413 => "quota",
        _ => "other",
    }, status));

    public void Complete(int status) => _completes.Add(1, Tags(status switch
    {
        < 300 => "verified",
        403 => "locked",
        404 => "not-found",
        409 => "not-uploaded",
        422 => "rejected",
        503 => "storage-unavailable",
        _ => "other",
    }, status));

    public void Verified(long bytes) => _verifiedBytes.Add(bytes);

    public void Swept() => _sweptUploads.Add(1);

    // reason: "limit" (over the limit) or "store-unavailable" (Redis down, RateLimiting:FailOpen=false).
    public void RateLimitRefused(string reason, string? endpoint) =>
        _rateLimitRefusals.Add(1, new("reason", reason), new("endpoint", endpoint ?? "unknown"));

    private static KeyValuePair<string, object?>[] Tags(string outcome, int status) =>
        [new("outcome", outcome), new("http.response.status_code", status)];
}
