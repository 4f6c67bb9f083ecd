namespace ImageGallery.Web.Albums;

public static class AlbumsServiceCollectionExtensions
{
    public static IServiceCollection AddGalleryAlbums(this IServiceCollection services)
    {
        services.AddScoped<AlbumService>();
        services.AddScoped<AlbumBrowser>();
        services.AddScoped<Downloads.DownloadService>();
        return services;
    }
}
