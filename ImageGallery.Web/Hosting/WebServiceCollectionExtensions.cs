using ImageGallery.Web.Accounts;
using Microsoft.AspNetCore.RateLimiting;

namespace ImageGallery.Web.Hosting;

public static class WebServiceCollectionExtensions
{
    private static readonly string[] SignInForms =
    [
        "/Account/Login", "/Account/Register", "/Account/ForgotPassword", "/Account/ResendEmailConfirmation",
    ];

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
            // Identity UI's forms where abuse is cheap: guessing, mass sign-up, mail bombing.
            foreach (var page in SignInForms)
                o.Conventions.AddAreaPageApplicationModelConvention("Identity", page,
                    m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(RateLimits.SignIn)));
        });
        services.AddGalleryRateLimits();

        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.Name = "gallery.af";
        });
        // Every cookie (sign-in, antiforgery, TempData) is Secure outside Development,
        // whatever the request's scheme says (see README: behind a proxy).
        services.AddOptions<CookiePolicyOptions>().Configure<IHostEnvironment>((o, env) =>
            o.Secure = env.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always);
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        services.AddSingleton<StaticAssetUrls>();
        services.AddSingleton<SecurityHeaders>();

        services.AddProblemDetails();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }
}
