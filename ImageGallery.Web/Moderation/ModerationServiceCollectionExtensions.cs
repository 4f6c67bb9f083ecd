namespace ImageGallery.Web.Moderation;

public static class ModerationServiceCollectionExtensions
{
    public static IServiceCollection AddGalleryModeration(this IServiceCollection services)
    {
        return services;
    }
}
