using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Hosting;

// Behind a reverse proxy the client's address and scheme arrive in X-Forwarded-For and
// X-Forwarded-Proto. They are believed only from Gallery:TrustedProxies: anyone else could
// pick their own address (and so their own per-IP rate-limit bucket).
public static class ForwardedHeaders
{
    public static System.Net.IPNetwork? Parse(string proxy)
    {
        if (System.Net.IPNetwork.TryParse(proxy, out var network)) return network;
        return IPAddress.TryParse(proxy, out var address) ? new System.Net.IPNetwork(address, address.GetAddressBytes().Length * 8) : null;
    }

    public static IServiceCollection AddGalleryForwardedHeaders(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<GalleryOptions>>((o, gallery) =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor
                                 | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; only the configured proxies count.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in gallery.Value.TrustedProxies)
                if (Parse(proxy) is { } network) o.KnownIPNetworks.Add(network);
        });
        return services;
    }

    public static IApplicationBuilder UseGalleryForwardedHeaders(this WebApplication app) =>
        app.Services.GetRequiredService<IOptions<GalleryOptions>>().Value.TrustedProxies.Length > 0
            ? app.UseForwardedHeaders()
            : app;
}
