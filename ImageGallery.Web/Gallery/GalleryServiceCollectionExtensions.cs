namespace ImageGallery.Web.Gallery;

public static class GalleryServiceCollectionExtensions
{
    public static IServiceCollection AddGalleryViews(this IServiceCollection services)
    {
        services.AddSingleton<ViewUrls>();
        services.AddScoped<ImageDeleter>();
        return services;
    }
}
