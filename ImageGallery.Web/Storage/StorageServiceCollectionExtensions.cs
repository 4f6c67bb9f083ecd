using Amazon.S3;
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
        services.AddSingleton<EmbeddedMultipartStore>();
        // One client for the app's lifetime: it holds the connection pool.
        services.AddSingleton<IAmazonS3>(sp =>
            S3ClientFactory.Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value.S3));
        services.AddSingleton(sp =>
            new S3LongRequests(S3ClientFactory.Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value.S3, longRunning: true)));
        services.AddSingleton<S3UploadSigner>();
        services.AddSingleton<S3ObjectStore>();
        services.AddSingleton<S3MultipartStore>();
        services.AddSingleton<IObjectStore>(sp =>
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider switch
            {
                StorageProvider.S3 => sp.GetRequiredService<S3ObjectStore>(),
                _ => sp.GetRequiredService<EmbeddedObjectStore>(),
            });
        services.AddSingleton<IMultipartStore>(sp =>
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider switch
            {
                StorageProvider.S3 => sp.GetRequiredService<S3MultipartStore>(),
                _ => sp.GetRequiredService<EmbeddedMultipartStore>(),
            });

        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", timeout: TimeSpan.FromSeconds(5));
        return services;
    }

    public static IEndpointRouteBuilder MapStorageEndpoints(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Embedded)
            EmbeddedStorageEndpoints.Map(app);
        return app;
    }
}
