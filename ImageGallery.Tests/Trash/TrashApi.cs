using System.Net;
using System.Text.Json;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ImageGallery.Tests.Trash;

// The trash API as the selection module calls it, and looks behind it.
public static class TrashApi
{
    public static Task<HttpResponseMessage> BulkAsync(this GalleryClient client, string url, IEnumerable<Guid> ids, bool withToken = true) =>
        client.PostJsonAsync(url, new { ids = ids.ToArray() }, withToken);

    public static Task<HttpResponseMessage> TrashAsync(this GalleryClient client, IEnumerable<Guid> ids) =>
        client.BulkAsync("/api/images/trash", ids);

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    public static List<Guid> ProblemIds(JsonElement problem) =>
        problem.GetProperty("ids").EnumerateArray().Select(e => e.GetGuid()).ToList();

    public static async Task<(int Images, long Bytes, int RowCount, long RowBytes)> UsageAsync(GalleryFactory factory, string userId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId);
        var rows = await db.Images.Where(i => i.OwnerId == userId).ToListAsync();
        return (user.ImageCount, user.BytesUsed, rows.Count, rows.Sum(i => i.StoredBytes()));
    }

    public static async Task<StoredObject?> StoredAsync(GalleryFactory factory, string key)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IObjectStore>().GetInfoAsync(key, CancellationToken.None);
    }
}
