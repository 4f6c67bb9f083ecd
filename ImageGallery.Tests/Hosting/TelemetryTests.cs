using System.Collections.Concurrent;
using System.Diagnostics;
using ImageGallery.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ImageGallery.Tests.Hosting;

public class TelemetryTests
{
    [Fact]
    public void OpenTelemetry_IsOff_WithoutAnOtlpEndpoint_AndOn_WithOne()
    {
        using var off = new GalleryFactory();
        off.CreateClient().Dispose();
        Assert.Null(off.Services.GetService<TracerProvider>());
        Assert.Null(off.Services.GetService<MeterProvider>());

        // Nothing listens there: exporting fails quietly, the app does not care.
        using var on = new GalleryFactory().With("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9");
        on.CreateClient().Dispose();
        Assert.NotNull(on.Services.GetService<TracerProvider>());
        Assert.NotNull(on.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task S3Calls_GoThroughHttpClient_SoTheyAreTraced()
    {
        using var factory = new S3GalleryFactory();
        var s3 = new Uri(factory.S3Options.ServiceUrl!);
        var seen = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            // HttpClient's own source, which the OpenTelemetry HttpClient instrumentation reads.
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = seen.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        var health = await factory.CreateClient().GetAsync("/health/ready");

        Assert.True(health.IsSuccessStatusCode);
        // The readiness check's HEAD on this factory's own bucket (tests run in parallel).
        Assert.Contains(seen, a => a.GetTagItem("server.port") is int port && port == s3.Port
                                   && Equals(a.GetTagItem("server.address"), s3.Host)
                                   && a.GetTagItem("url.full") is string url && url.Contains(factory.BucketName));
    }
}
