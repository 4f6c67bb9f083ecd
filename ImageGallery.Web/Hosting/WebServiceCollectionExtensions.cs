using ImageGallery.Web.Accounts;

namespace ImageGallery.Web.Hosting;

public static class WebServiceCollectionExtensions
{
    public static IServiceCollection AddGalleryHosting(this IServiceCollection services)
    {
        services.AddOptions<GalleryOptions>().BindConfiguration(GalleryOptions.Section)
            .PostConfigure<IHostEnvironment>((o, env) =>
            {
                // Left empty, it must fail validation, not become the content root.
                if (!string.IsNullOrWhiteSpace(o.DataDirectory))
                    o.DataDirectory = Path.GetFullPath(o.DataDirectory, env.ContentRootPath);
            })
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(TimeProvider.System);

        services.AddSingleton<GalleryMetrics>();
        services.AddGalleryForwardedHeaders();

        services.AddRazorPages(o =>
        {
            // Authorization is declared here, in one place.
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Index");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AllowAnonymousToPage("/Status");
            o.Conventions.AuthorizeFolder("/Admin", Roles.Admin);
        });

        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.Name = "gallery.af";
        });

        services.AddProblemDetails();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }
}
