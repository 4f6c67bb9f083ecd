using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.SharedState;

public class SharedKeysTests
{
    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task CookieAndAntiforgeryToken_FromOneInstance_AreAccepted_ByAnother_AndAfterARestart(TestDatabase database)
    {
        using var instances = new TwoInstances(database, redis: null);
        using var onA = await instances.Browser(instances.A).SignUpAsync();
        var token = await onA.AntiforgeryTokenAsync();

        using var onB = instances.Browser(instances.B);
        await AssertSignedInAsync(onB);
        Assert.Equal(HttpStatusCode.Created, (await PresignWithTokenAsync(onB, token)).StatusCode);

        // Both instances stop; a new one over the same database still knows the keys.
        instances.A.Dispose();
        instances.B.Dispose();
        using var afterRestart = instances.Browser(instances.Start());
        await AssertSignedInAsync(afterRestart);
        Assert.Equal(HttpStatusCode.Created, (await PresignWithTokenAsync(afterRestart, token)).StatusCode);
    }

    [Fact]
    public async Task WithRedis_KeysAreInRedis_SoInstancesWithoutACommonDatabase_AcceptEachOthersCookies()
    {
        using var redis = new RedisServer();
        using var instances = new TwoInstances(redis);
        using var onA = await instances.Browser(instances.A).SignUpAsync();

        // An instance with a database of its own: only Redis is shared.
        var elsewhere = instances.Start(Path.Combine(instances.DataDirectory, "other"));
        using var onOther = instances.Browser(elsewhere);
        var page = await onOther.GetPageAsync("/");
        Assert.Contains("My gallery", page.Title);

        using var mux = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        Assert.True(await mux.GetDatabase().ListLengthAsync("imagegallery:data-protection-keys") >= 1);
        await using var scope = instances.A.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<GalleryDbContext>().DataProtectionKeys.CountAsync());
    }

    [Fact]
    public async Task KeyFiles_LeftInTheDataDirectory_AreImported_SoOldCookiesStillWork()
    {
        // A data directory as the app left it before keys moved to the database.
        var dataDirectory = Path.Combine(Path.GetTempPath(), "gallery-tests", Guid.NewGuid().ToString("N"));
        var old = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(dataDirectory, "keys")),
            b => b.SetApplicationName("ImageGallery"));
        var protectedByOldKey = old.CreateProtector("test").Protect("still readable");

        using var factory = new GalleryFactory(new Dictionary<string, string?>(), dataDirectory);
        factory.CreateClient().Dispose();

        var provider = factory.Services.GetRequiredService<IDataProtectionProvider>();
        Assert.Equal("still readable", provider.CreateProtector("test").Unprotect(protectedByOldKey));
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<GalleryDbContext>().DataProtectionKeys.AnyAsync());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataDirectory, recursive: true);
    }

    private static async Task AssertSignedInAsync(GalleryClient browser)
    {
        var response = await browser.Http.GetAsync("/Identity/Account/Manage");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    internal static async Task<HttpResponseMessage> PresignWithTokenAsync(GalleryClient browser, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads")
        {
            Content = System.Net.Http.Json.JsonContent.Create(Request()),
        };
        request.Headers.Add("RequestVerificationToken", token);
        return await browser.Http.SendAsync(request);
    }
}
