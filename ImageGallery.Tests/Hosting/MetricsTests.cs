using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Hosting;
using ImageGallery.Web.Uploads;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Hosting;

public class MetricsTests
{
    [Fact]
    public async Task Meter_CountsPresignsCompletesVerifiedBytesSweepsAndRefusals_ByOutcome()
    {
        var time = new ManualTime(DateTimeOffset.UtcNow);
        using var factory = new GalleryFactory()
            .With("RateLimiting:Presign:TokenLimit", "3")
            .With("RateLimiting:Presign:TokensPerPeriod", "1")
            .With("RateLimiting:Presign:ReplenishmentPeriod", "01:00:00");
        using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(time)));
        using var client = new GalleryClient(app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = GalleryFactory.BaseAddress }));
        await client.SignUpAsync();
        using var measurements = new Measurements(app.Services.GetRequiredService<IMeterFactory>());

        var photo = TestImages.Jpeg;
        var (_, complete) = await client.UploadImageAsync(photo, "image/jpeg");
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        await client.PresignOkAsync(Request());                                    // abandoned
        await AssertProblemAsync(await client.PresignAsync(Request(size: 0)), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await client.PresignAsync(Request()), HttpStatusCode.TooManyRequests);
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await app.Services.GetRequiredService<AbandonedUploadSweeper>().SweepOnceAsync(CancellationToken.None));

        Assert.Equal(2, measurements.Sum("gallery.uploads.presigns", "outcome", "issued"));
        Assert.Equal(1, measurements.Sum("gallery.uploads.presigns", "outcome", "invalid"));
        Assert.Equal(1, measurements.Sum("gallery.uploads.completes", "outcome", "verified"));
        Assert.Equal(photo.Length, measurements.Sum("gallery.uploads.verified_bytes"));
        Assert.Equal(1, measurements.Sum("gallery.uploads.swept"));
        Assert.Equal(1, measurements.Sum("gallery.rate_limit.refusals", "reason", "limit"));
    }

    // Everything the app's meter records, from this host only (tests run in parallel).
    private sealed class Measurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Name, long Value, Dictionary<string, object?> Tags)> _seen = new();

        public Measurements(IMeterFactory host)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == GalleryMetrics.MeterName && instrument.Meter.Scope == host)
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
                _seen.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
            _listener.Start();
        }

        public long Sum(string name, string? tag = null, string? value = null) => _seen
            .Where(m => m.Name == name && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), value)))
            .Sum(m => m.Value);

        public void Dispose() => _listener.Dispose();
    }
}
