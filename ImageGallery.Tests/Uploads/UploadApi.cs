using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Storage;
using ImageGallery.Web.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ImageGallery.Tests.Uploads;

// The upload API as upload.js calls it, plus looks behind it (database, store).
public static class UploadApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Dictionary<string, object?> Request(string fileName = "photo.jpg", string contentType = "image/jpeg",
        long size = 5323, object? thumbnail = null, int? width = 640, int? height = 480) => new()
    {
        ["fileName"] = fileName,
        ["contentType"] = contentType,
        ["size"] = size,
        ["width"] = width,
        ["height"] = height,
        ["thumbnail"] = thumbnail,
    };

    public static object Thumbnail(string contentType, long size) => new { contentType, size };

    public static Task<HttpResponseMessage> PresignAsync(this GalleryClient client, object body, bool withToken = true) =>
        client.PostJsonAsync("/api/uploads", body, withToken);

    public static async Task<PresignResponse> PresignOkAsync(this GalleryClient client, object body)
    {
        var response = await client.PresignAsync(body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Describe(response));
        return (await response.Content.ReadFromJsonAsync<PresignResponse>(Json))!;
    }

    public static Task<HttpResponseMessage> UploadAsync(this GalleryClient client, UploadForm form, byte[] bytes, string contentType) =>
        TestImages.PostAsync(client.Http, new PresignedForm(form.Url, form.Fields), bytes, contentType);

    public static async Task UploadOkAsync(this GalleryClient client, UploadForm form, byte[] bytes, string contentType)
    {
        var response = await client.UploadAsync(form, bytes, contentType);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Describe(response));
    }

    public static async Task<HttpResponseMessage> CompleteAsync(this GalleryClient client, Guid id, bool withToken = true)
    {
        var url = $"/api/uploads/{id}/complete";
        return withToken ? await client.SendWithTokenAsync(HttpMethod.Post, url) : await client.Http.PostAsync(url, null);
    }

    public static async Task<HttpResponseMessage> DeleteImageAsync(this GalleryClient client, Guid id, bool withToken = true)
    {
        var url = $"/api/images/{id}";
        return withToken ? await client.SendWithTokenAsync(HttpMethod.Delete, url) : await client.Http.DeleteAsync(url);
    }

    // Presign, post the bytes to storage, complete: the whole happy path.
    public static async Task<(PresignResponse Presign, HttpResponseMessage Complete)> UploadImageAsync(
        this GalleryClient client, byte[] bytes, string contentType, string fileName = "photo.jpg")
    {
        var presign = await client.PresignOkAsync(Request(fileName, contentType, bytes.Length));
        await client.UploadOkAsync(presign.Upload, bytes, contentType);
        return (presign, await client.CompleteAsync(presign.Id));
    }

    // Asserts an RFC 9457 answer with the status, and returns its body.
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {await Describe(response)}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("title").GetString()));
        return body;
    }

    public static async Task<Image?> FindImageAsync(GalleryFactory factory, Guid id)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GalleryDbContext>().Images.AsNoTracking()
            .SingleOrDefaultAsync(i => i.PublicId == id);
    }

    public static async Task UpdateImageAsync(GalleryFactory factory, Guid id, Action<Image> change)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
        change(await db.Images.SingleAsync(i => i.PublicId == id));
        await db.SaveChangesAsync();
    }

    // An admin's lock (or its lifting), directly in the database and without a new security
    // stamp: what the API itself checks on every request.
    public static async Task SetAdminLockAsync(GalleryFactory factory, string email, DateTime? lockedAt)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
        var normalized = email.ToUpperInvariant();
        Assert.Equal(1, await db.Users.Where(u => u.NormalizedEmail == normalized)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LockedAt, lockedAt)));
    }

    public static async Task<StoredObject?> StoredAsync(GalleryFactory factory, string key) =>
        await factory.Services.GetRequiredService<IObjectStore>().GetInfoAsync(key, CancellationToken.None);

    public static async Task<string> Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
}
