using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Storage;
using ImageGallery.Web.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Uploads.Multipart;

// Parts of 5 MiB (S3's smallest) so that files of a few parts stay small; at most
// 12 MiB per upload, so a file of 15 MiB passes the limit; single POSTs up to 5 MiB.
public sealed class MultipartFactory : GalleryFactory
{
    public MultipartFactory() => MultipartApi.Configure(this);
}

// The same on PostgreSQL (claims and conditional transitions in its dialect).
public sealed class PostgresMultipartFactory : GalleryFactory
{
    public PostgresMultipartFactory() : base(TestDatabase.Postgres) => MultipartApi.Configure(this);
}

public sealed class S3MultipartFactory : S3GalleryFactory
{
    public S3MultipartFactory() => MultipartApi.Configure(this);
}

// The multipart API as the browser module calls it, plus looks behind it.
public static class MultipartApi
{
    public const int PartBytes = 5 * 1024 * 1024;
    public const long MaxBytes = 12 * 1024 * 1024;
    // A little over two parts: three parts, the last one short.
    public const int FileBytes = 2 * PartBytes + 100 * 1024;

    public static void Configure(GalleryFactory factory) => factory
        .With("Uploads:MaxBytes", PartBytes.ToString())
        .With("Uploads:MultipartThresholdBytes", PartBytes.ToString())
        .With("Uploads:MultipartPartBytes", PartBytes.ToString())
        .With("Uploads:MaxMultipartBytes", MaxBytes.ToString());

    // A JPEG (its magic number is what complete checks) padded with random bytes, so
    // every part has its own MD5.
    public static byte[] LargeJpeg(int size = FileBytes) => LargeFile(TestImages.Jpeg, size);

    public static byte[] LargeFile(byte[] head, int size = FileBytes)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        head.CopyTo(bytes, 0);
        return bytes;
    }

    public static byte[] Part(byte[] file, int number) =>
        file[((number - 1) * PartBytes)..Math.Min(file.Length, number * PartBytes)];

    public static Task<HttpResponseMessage> StartAsync(this GalleryClient client, object body, bool withToken = true) =>
        client.PostJsonAsync("/api/uploads/multipart", body, withToken);

    public static async Task<MultipartStartResponse> StartOkAsync(this GalleryClient client, long size = FileBytes, object? thumbnail = null)
    {
        var response = await client.StartAsync(Request("panorama.jpg", "image/jpeg", size, thumbnail));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await Describe(response));
        return (await response.Content.ReadFromJsonAsync<MultipartStartResponse>(Json))!;
    }

    public static Task<HttpResponseMessage> SignAsync(this GalleryClient client, Guid id, params int[] partNumbers) =>
        client.PostJsonAsync($"/api/uploads/multipart/{id}/parts", new { partNumbers });

    public static async Task<SignPartsResponse> SignOkAsync(this GalleryClient client, Guid id, params int[] partNumbers)
    {
        var response = await client.SignAsync(id, partNumbers);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Describe(response));
        return (await response.Content.ReadFromJsonAsync<SignPartsResponse>(Json))!;
    }

    // The small copies, declared while the parts go up (multipart.js sendCopies).
    public static Task<HttpResponseMessage> DeclareCopiesAsync(this GalleryClient client, Guid id, object body, bool withToken = true) =>
        client.PostJsonAsync($"/api/uploads/multipart/{id}/variants", body, withToken);

    public static async Task<MultipartVariantsResponse> DeclareCopiesOkAsync(this GalleryClient client, Guid id, object body)
    {
        var response = await client.DeclareCopiesAsync(id, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Describe(response));
        return (await response.Content.ReadFromJsonAsync<MultipartVariantsResponse>(Json))!;
    }

    public static Task<HttpResponseMessage> ListAsync(this GalleryClient client, Guid id) =>
        client.SendWithTokenAsync(HttpMethod.Get, $"/api/uploads/multipart/{id}/parts");

    public static async Task<PartsResponse> ListOkAsync(this GalleryClient client, Guid id)
    {
        var response = await client.ListAsync(id);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Describe(response));
        return (await response.Content.ReadFromJsonAsync<PartsResponse>(Json))!;
    }

    public static Task<HttpResponseMessage> CompleteMultipartAsync(this GalleryClient client, Guid id) =>
        client.SendWithTokenAsync(HttpMethod.Post, $"/api/uploads/multipart/{id}/complete");

    public static Task<HttpResponseMessage> AbortAsync(this GalleryClient client, Guid id) =>
        client.SendWithTokenAsync(HttpMethod.Delete, $"/api/uploads/multipart/{id}");

    // A PUT of one part to its signed URL: through the app for the embedded store, straight
    // to the gateway for S3 (no app cookies, like a browser talking to another origin).
    public static Task<HttpResponseMessage> PutPartAsync(this GalleryClient client, string url, byte[] bytes)
    {
        var uri = new Uri(url, UriKind.RelativeOrAbsolute);
        return (uri.IsAbsoluteUri ? TestImages.Direct : client.Http).PutAsync(uri, new ByteArrayContent(bytes));
    }

    public static async Task PutPartsOkAsync(this GalleryClient client, Guid id, byte[] file, params int[] numbers)
    {
        var signed = await client.SignOkAsync(id, numbers);
        foreach (var part in signed.Parts)
        {
            var response = await client.PutPartAsync(part.Url, Part(file, part.PartNumber));
            Assert.True(response.StatusCode == HttpStatusCode.OK, await Describe(response));
            Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(Part(file, part.PartNumber)))}\"", response.Headers.ETag?.Tag);
        }
    }

    public static async Task<Image?> RecordAsync(GalleryFactory factory, Guid id) => await FindImageAsync(factory, id);

    public static async Task<(int Images, long Bytes)> UsageAsync(GalleryFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<GalleryDbContext>().Users.AsNoTracking().SingleAsync(u => u.Email == email);
        return (user.ImageCount, user.BytesUsed);
    }

    public static IMultipartStore Parts(GalleryFactory factory) => factory.Services.GetRequiredService<IMultipartStore>();

    public static string StagingKey(Image image) =>
        ObjectKeys.Staging(image.OwnerId, image.PublicId, ObjectVariant.Original, image.ContentType);

    // Every byte of an object, through a fresh view URL.
    public static async Task<byte[]> ReadAllAsync(GalleryFactory factory, HttpClient app, string key)
    {
        var url = factory.Services.GetRequiredService<IObjectStore>().GetViewUrl(
            new ViewUrlRequest(key, "image/jpeg", "x.jpg", false, DateTimeOffset.UtcNow.AddMinutes(5), TimeSpan.FromMinutes(1)));
        var response = await TestImages.GetAsync(app, url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }
}
