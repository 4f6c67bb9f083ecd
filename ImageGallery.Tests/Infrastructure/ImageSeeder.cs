using ImageGallery.Web.Data;
using ImageGallery.Web.Storage;
using ImageGallery.Web.Uploads;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ImageGallery.Tests.Infrastructure;

// Puts images in place the way a finished upload leaves them, without going through
// the upload API: for tests of what comes after (gallery, review), and for bulk.
public static class ImageSeeder
{
    public static async Task<string> UserIdAsync(GalleryFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
        return user?.Id ?? throw new InvalidOperationException($"No user {email}.");
    }

    // Records only (no objects): fast, for paging and counting. Returns public ids in
    // insertion order (oldest first).
    public static async Task<List<Guid>> SeedRecordsAsync(GalleryFactory factory, string ownerId, int count,
        ImageStatus status = ImageStatus.Approved, string fileName = "photo.jpg", bool withThumbnail = true,
        Func<int, DateTime?>? takenAt = null)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
        var now = DateTime.UtcNow;
        var ids = new List<Guid>(count);
        for (var i = 0; i < count; i++)
        {
            var id = Guid.NewGuid();
            ids.Add(id);
            db.Images.Add(new Image
            {
                PublicId = id,
                OwnerId = ownerId,
                FileName = fileName,
                ContentType = "image/jpeg",
                Size = 5323,
                ObjectKey = ObjectKeys.Original(ownerId, id, "image/jpeg"),
                ThumbnailKey = withThumbnail ? ObjectKeys.Thumbnail(ownerId, id, "image/jpeg") : null,
                ThumbnailContentType = withThumbnail ? "image/jpeg" : null,
                ThumbnailSize = withThumbnail ? 5323 : null,
                Width = 640,
                Height = 480,
                Status = status,
                CreatedAt = now,
                TakenAt = takenAt?.Invoke(i),
                SortKey = takenAt?.Invoke(i) ?? now,
                UploadedAt = status == ImageStatus.Pending ? null : now,
            });
        }
        await db.SaveChangesAsync();
        await db.AdjustAsync(ownerId, count, count * (5323L + (withThumbnail ? 5323 : 0)), CancellationToken.None);
        return ids;
    }

    // One complete image with its bytes really in the store (and a thumbnail when
    // asked), uploaded through the store's own signed form.
    public static async Task<Image> SeedStoredAsync(GalleryFactory factory, HttpClient client, string ownerId,
        ImageStatus status = ImageStatus.Approved, bool withThumbnail = true, string fileName = "photo.jpg")
    {
        var id = (await SeedRecordsAsync(factory, ownerId, 1, status, fileName, withThumbnail))[0];
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
        var store = scope.ServiceProvider.GetRequiredService<IObjectStore>();
        var image = await db.Images.SingleAsync(i => i.PublicId == id);

        await PutAsync(store, client, image.ObjectKey, "image/jpeg", TestImages.Jpeg);
        if (withThumbnail) await PutAsync(store, client, image.ThumbnailKey!, "image/jpeg", TestImages.Jpeg);
        return image;
    }

    public static async Task PutAsync(IObjectStore store, HttpClient client, string key, string contentType, byte[] bytes)
    {
        var form = store.CreateUploadForm(new UploadFormRequest(key, contentType, bytes.Length, DateTimeOffset.UtcNow.AddMinutes(5)));
        var response = await TestImages.PostAsync(client, form, bytes, contentType);
        if ((int)response.StatusCode != 201)
            throw new InvalidOperationException($"Seeding {key} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
