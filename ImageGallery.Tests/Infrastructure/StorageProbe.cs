using System.Net;
using ImageGallery.Web.Accounts;
using ImageGallery.Web.Data;
using ImageGallery.Web.Storage;
using ImageGallery.Web.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ImageGallery.Tests.Infrastructure;

// Looks behind the app from outside: what storage holds (read with the store itself,
// not through the app's routes), what the database counts, and a sweep run as if
// the clock had moved on.
public static class StorageProbe
{
    public static IObjectStore Store(this GalleryFactory factory) => factory.Services.GetRequiredService<IObjectStore>();

    // The whole object, or null when there is none.
    public static async Task<byte[]?> BytesAsync(this GalleryFactory factory, string key)
    {
        var info = await factory.Store().GetInfoAsync(key, CancellationToken.None);
        if (info is null) return null;
        return (await factory.Store().ReadHeadAsync(key, (int)Math.Max(1, info.Size), CancellationToken.None))?.Prefix;
    }

    public static async Task<List<string>> KeysAsync(this GalleryFactory factory, string prefix)
    {
        var keys = new List<string>();
        await foreach (var o in factory.Store().ListAsync(prefix, CancellationToken.None)) keys.Add(o.Key);
        return keys;
    }

    // Every key either prefix of the user holds.
    public static async Task<List<string>> UserKeysAsync(this GalleryFactory factory, string userId) =>
        [.. await factory.KeysAsync(ObjectKeys.PermanentPrefix(userId)), .. await factory.KeysAsync(ObjectKeys.StagingPrefix(userId))];

    public sealed record Usage(int ImageCount, long BytesUsed);

    // What the counters say, and what a recount of the Images table says.
    public static async Task<(Usage Counted, Usage Recounted)> UsageAsync(this GalleryFactory factory, string userId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId);
        var images = await db.Images.AsNoTracking().Where(i => i.OwnerId == userId)
            .Select(i => new { i.Size, i.ThumbnailSize, i.DisplaySize }).ToListAsync();
        return (new Usage(user.ImageCount, user.BytesUsed),
            new Usage(images.Count, images.Sum(i => i.Size + (i.ThumbnailSize ?? 0) + (i.DisplaySize ?? 0))));
    }

    // The sweeper with a clock `ahead` in the future: what it would do once forms and
    // grace have long passed, without waiting for them.
    public static Task<int> SweepAsync(this GalleryFactory factory, TimeSpan ahead) =>
        ActivatorUtilities.CreateInstance<AbandonedUploadSweeper>(factory.Services, new ShiftedTime(ahead))
            .SweepOnceAsync(CancellationToken.None);

    private sealed class ShiftedTime(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }

    // A fresh person made an admin the way an operator does (`admin grant`), signed in
    // again so the role is in the cookie.
    public static async Task<GalleryClient> AdminAsync(this GalleryFactory factory)
    {
        var client = await factory.CreateGalleryClient().SignUpAsync("admin");
        await using (var scope = factory.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<AdminRoles>().SetAdminAsync(client.Email!, true));
        var admin = factory.CreateGalleryClient();
        Assert.Equal(HttpStatusCode.Redirect, (await admin.LoginAsync(client.Email!)).StatusCode);
        client.Dispose();
        return admin;
    }
}
