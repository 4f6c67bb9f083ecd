using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ImageGallery.Web.Hosting;

// OpenTelemetry traces and metrics: ASP.NET Core, HttpClient (every S3 call: the AWS SDK
// sends through HttpClient), the runtime, and the app's own meter. Exported over OTLP,
// and only when OTEL_EXPORTER_OTLP_ENDPOINT is set (the exporter reads the standard
// OTEL_* variables: protocol, headers, service name); otherwise nothing is collected.
public static class Telemetry
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddGalleryTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[EndpointVariable])) return services;

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("ImageGallery"))
            .WithTracing(t => t
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health"))
                // Only the path of an outgoing request: the query of a signed URL is a credential.
                .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = (activity, request) =>
                    activity.SetTag("url.full", request.RequestUri?.GetLeftPart(UriPartial.Path)))
                .AddOtlpExporter())
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(GalleryMetrics.MeterName)
                .AddOtlpExporter());
        return services;
    }
}
