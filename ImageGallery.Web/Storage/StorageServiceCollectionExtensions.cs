using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Storage;

public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddGalleryStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<EmbeddedSigner>();
        services.AddSingleton<EmbeddedObjectStore>();
        services.AddSingleton<IObjectStore>(sp =>
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider switch
            {
                _ => sp.GetRequiredService<EmbeddedObjectStore>(),
            });

        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        return services;
    }

    public static IEndpointRouteBuilder MapStorageEndpoints(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Embedded)
            EmbeddedStorageEndpoints.Map(app);
        return app;
    }
}
