namespace ImageGallery.Web.Moderation;

public static class ModerationServiceCollectionExtensions
{
    public static IServiceCollection AddGalleryModeration(this IServiceCollection services)
    {
        services.AddScoped<AuditLog>();
        services.AddScoped<ReviewQueue>();
        services.AddScoped<ImageReview>();
        services.AddScoped<UserAdmin>();
        return services;
    }
}
