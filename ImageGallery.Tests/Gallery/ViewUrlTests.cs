using System.Net;
using ImageGallery.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static ImageGallery.Tests.Gallery.GalleryTestKit;

namespace ImageGallery.Tests.Gallery;

// Default lifetime 15 minutes: windows of 10, every URL valid until its window's start + 15.
public abstract class ViewUrlTests(GalleryFactory factory)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task SignedUrls_StayTheSameInsideTheWindow_ChangeAfterIt_AndExpireAtTheLifetime()
    {
        // One second into a window, and not after the real clock (the seeder's forms use it).
        var now = DateTimeOffset.UtcNow;
        var windowStart = new DateTimeOffset(now.UtcTicks - now.UtcTicks % Window.Ticks, TimeSpan.Zero);
        var time = new ManualTime(windowStart < now.AddSeconds(-1) ? windowStart.AddSeconds(1) : windowStart);
        using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(time)));
        using var client = new GalleryClient(app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = GalleryFactory.BaseAddress, AllowAutoRedirect = false }));
        await client.SignUpAsync();
        var userId = await ImageSeeder.UserIdAsync(factory, client.Email!);
        var id = (await ImageSeeder.SeedStoredAsync(factory, client.Http, userId)).PublicId;

        var first = ImgSrc(await client.GetPageAsync("/"), id);
        var original = await OriginalSrcAsync(client, id);
        var firstResponse = await client.Http.GetAsync(first);
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        var maxAge = firstResponse.Headers.CacheControl!.MaxAge!.Value;
        Assert.InRange(maxAge, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));

        time.Advance(Window - TimeSpan.FromSeconds(2));
        Assert.Equal(first, ImgSrc(await client.GetPageAsync("/"), id));
        Assert.Equal(original, await OriginalSrcAsync(client, id));

        time.Advance(TimeSpan.FromSeconds(2));
        var second = ImgSrc(await client.GetPageAsync("/"), id);
        Assert.NotEqual(first, second);
        Assert.NotEqual(original, await OriginalSrcAsync(client, id));
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(second)).StatusCode);

        // Past the first URL's lifetime, storage refuses it; the newer one still works.
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(second)).StatusCode);
    }

    [Fact]
    public async Task SignedUrls_AreCachedByEverythingTheySign_SoTheNameDoesNotDependOnWhoAskedFirst()
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync();
        var userId = await ImageSeeder.UserIdAsync(factory, client.Email!);
        var image = await ImageSeeder.SeedStoredAsync(factory, client.Http, userId);
        var urls = factory.Services.GetRequiredService<ImageGallery.Web.Gallery.ViewUrls>();

        var first = urls.For(image.ObjectKey, "image/jpeg", "first.jpg");
        var second = urls.For(image.ObjectKey, "image/jpeg", "second.jpg");
        var download = urls.For(image.ObjectKey, "image/jpeg", "second.jpg", download: true);

        Assert.Equal(first, urls.For(image.ObjectKey, "image/jpeg", "first.jpg"));
        Assert.Equal(3, new[] { first, second, download }.Distinct().Count());
        var served = await client.Http.GetAsync(second);
        Assert.Equal("second.jpg", served.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("inline", served.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("attachment", (await client.Http.GetAsync(download)).Content.Headers.ContentDisposition?.DispositionType);
    }

    private static async Task<string> OriginalSrcAsync(GalleryClient client, Guid id) =>
        (await client.GetPageAsync($"/images/{id}")).QuerySelector(".image-original img")!.GetAttribute("src")!;
}

public sealed class SqliteViewUrlTests(GalleryFactory factory) : ViewUrlTests(factory), IClassFixture<GalleryFactory>;

public sealed class PostgresViewUrlTests(PostgresGalleryFactory factory) : ViewUrlTests(factory), IClassFixture<PostgresGalleryFactory>;
