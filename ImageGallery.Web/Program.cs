using ImageGallery.Web.Accounts;
using ImageGallery.Web.Albums;
using ImageGallery.Web.Data;
using ImageGallery.Web.Downloads;
using ImageGallery.Web.Gallery;
using ImageGallery.Web.Hosting;
using ImageGallery.Web.Moderation;
using ImageGallery.Web.Search;
using ImageGallery.Web.SharedState;
using ImageGallery.Web.Storage;
using ImageGallery.Web.Trash;
using ImageGallery.Web.Uploads;

var (command, hostArgs) = Commands.Split(args);
var builder = WebApplication.CreateBuilder(hostArgs);

builder.Services
    .AddGalleryHosting()
    .AddGalleryTelemetry(builder.Configuration)
    .AddGallerySharedState()
    .AddGalleryData()
    .AddGalleryAccounts()
    .AddGalleryStorage()
    .AddGalleryUploads()
    .AddGalleryViews()
    .AddGalleryModeration()
    .AddGalleryTrash()
    .AddGalleryAlbums()
    .AddGallerySearch();

var app = builder.Build();
var applied = await app.InitializeAsync(migrate: command is ["migrate"]);
if (command.Length > 0) return await Commands.RunAsync(app, command, applied);

app.UseGalleryPipeline();
app.MapUploadEndpoints();
app.MapGalleryEndpoints();
app.MapStorageEndpoints();
app.MapTrashEndpoints();
app.MapDownloadEndpoints();

await app.RunAsync();
return 0;

public partial class Program;
