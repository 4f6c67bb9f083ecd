namespace ImageGallery.Web.Gallery;

public static class GalleryServiceCollectionExtensions
{
    public static IServiceCollection AddGalleryViews(this IServiceCollection services)
    {
        services.AddSingleton<ViewUrls>();
        services.AddSingleton<ImageUrls>();
        services.AddSingleton<TileFactory>();
        services.AddScoped<GalleryService>();
        services.AddScoped<ImageService>();
        services.AddScoped<ImageDeleter>();
        return services;
    }
}
