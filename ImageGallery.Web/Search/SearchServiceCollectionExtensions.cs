namespace ImageGallery.Web.Search;

public static class SearchServiceCollectionExtensions
{
    public static IServiceCollection AddGallerySearch(this IServiceCollection services) =>
        services.AddScoped<SearchService>();
}
