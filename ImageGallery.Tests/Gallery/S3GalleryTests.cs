using System.Net;
using ImageGallery.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static ImageGallery.Tests.Gallery.GalleryTestKit;

namespace ImageGallery.Tests.Gallery;

// The gallery over S3 (the RADOS Gateway scripts/test.sh starts), where a signature
// covers the signing time: only ViewUrls' cache keeps a tile's URL the same.
public class S3GalleryTests(S3GalleryFactory factory) : IClassFixture<S3GalleryFactory>
{
    [Fact]
    public async Task Tiles_LoadFromS3_AndKeepTheirUrl_OnASecondViewInsideTheWindow()
    {
        // The app's clock holds still one second into a window; S3 signs with the real one.
        var window = TimeSpan.FromMinutes(10);
        var now = DateTimeOffset.UtcNow;
        var windowStart = new DateTimeOffset(now.UtcTicks - now.UtcTicks % window.Ticks, TimeSpan.Zero);
        var time = new ManualTime(windowStart < now.AddSeconds(-1) ? windowStart.AddSeconds(1) : windowStart);
        using var app = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(time)));
        using var client = new GalleryClient(app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = GalleryFactory.BaseAddress, AllowAutoRedirect = false }));
        await client.SignUpAsync();
        var userId = await ImageSeeder.UserIdAsync(factory, client.Email!);
        var thumbed = await ImageSeeder.SeedStoredAsync(factory, client.Http, userId);
        var plain = await ImageSeeder.SeedStoredAsync(factory, client.Http, userId, withThumbnail: false);

        var first = await client.GetPageAsync("/");
        // S3 signatures carry the time to the second: a second view a second later would
        // get a new URL if the app signed again.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var second = await client.GetPageAsync("/");

        foreach (var (image, key) in new[] { (thumbed, thumbed.ThumbnailKey!), (plain, plain.ObjectKey) })
        {
            var src = new Uri(ImgSrc(first, image.PublicId));
            Assert.Equal(src.OriginalString, ImgSrc(second, image.PublicId));
            Assert.EndsWith("/" + key, src.AbsolutePath);

            var response = await TestImages.GetAsync(client.Http, src);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(TestImages.Jpeg, await response.Content.ReadAsByteArrayAsync());
            var cache = response.Headers.CacheControl!;
            Assert.True(cache.Private && cache.MaxAge > TimeSpan.FromMinutes(4), cache.ToString());
        }

        // The download route hands out an attachment URL that S3 serves.
        var redirect = await client.Http.GetAsync($"/images/{thumbed.PublicId}/download");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        var file = await TestImages.GetAsync(client.Http, redirect.Headers.Location!);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition!.DispositionType);
    }
}
