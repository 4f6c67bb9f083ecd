namespace ImageGallery.Web.Trash;

public static class TrashServiceCollectionExtensions
{
    public static IServiceCollection AddGalleryTrash(this IServiceCollection services)
    {
        services.AddScoped<TrashService>();
        services.AddSingleton<TrashPurger>();
        services.AddHostedService(sp => sp.GetRequiredService<TrashPurger>());
        return services;
    }
}
