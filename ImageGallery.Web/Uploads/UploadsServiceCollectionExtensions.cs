namespace ImageGallery.Web.Uploads;

public static class UploadsServiceCollectionExtensions
{
    public static IServiceCollection AddGalleryUploads(this IServiceCollection services)
    {
        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.Section)
            .PostConfigure(o => o.AllowedContentTypes = o.AllowedContentTypes.Length == 0
                ? UploadOptions.DefaultContentTypes
                : o.AllowedContentTypes.Select(UploadRules.Normalize).Distinct().ToArray())
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddScoped<UploadService>();
        services.AddScoped<StagedObjectPromoter>();
        services.AddSingleton<PendingUploadWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<PendingUploadWriter>());
        services.AddSingleton<AbandonedUploadSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<AbandonedUploadSweeper>());
        return services;
    }

    public static IEndpointRouteBuilder MapUploadEndpoints(this IEndpointRouteBuilder app) => UploadEndpoints.Map(app);
}
