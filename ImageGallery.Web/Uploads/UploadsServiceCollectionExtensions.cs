namespace ImageGallery.Web.Uploads;

public static class UploadsServiceCollectionExtensions
{
    public static IServiceCollection AddGalleryUploads(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        return services;
    }

    public static IEndpointRouteBuilder MapUploadEndpoints(this IEndpointRouteBuilder app)
    {
        return app;
    }
}
