using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Accounts;
using ImageGallery.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Uploads;

// What the API refuses before storage is involved, and who may touch what.
public abstract class UploadApiTests(GalleryFactory factory)
{
    private async Task<GalleryClient> SignedInAsync(string prefix = "user") => await factory.CreateGalleryClient().SignUpAsync(prefix);

    [Theory]
    [InlineData("image/svg+xml")]
    [InlineData("text/html")]
    [InlineData("application/octet-stream")]
    [InlineData("image/jpg")]
    [InlineData("")]
    public async Task Presign_Returns400_ForATypeThatIsNotAnAllowedImage(string contentType)
    {
        using var client = await SignedInAsync();
        var problem = await AssertProblemAsync(await client.PresignAsync(Request("x.svg", contentType)), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("contentType", out _));
        await AssertNoImagesAsync(client);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(20 * 1024 * 1024 + 1)]
    [InlineData(long.MaxValue)]
    public async Task Presign_Returns400_ForASizeThatIsZeroOrOverTheMax(long size)
    {
        using var client = await SignedInAsync();
        var problem = await AssertProblemAsync(await client.PresignAsync(Request(size: size)), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("size", out _));
    }

    [Fact]
    public async Task Presign_AcceptsExactlyTheMaxSize()
    {
        using var client = await SignedInAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.PresignAsync(Request(size: 20 * 1024 * 1024))).StatusCode);
    }

    public static TheoryData<string?> AbsurdNames => new()
    {
        null, "", "   ", new string('a', 1000), "cat\0.jpg", "cat\n.jpg", "cat\u001b[31m.jpg",
        "cat\u202Egpj.exe", "..", "photos/", "C:\\Users\\me\\", "a/b/..",
    };

    [Theory]
    [MemberData(nameof(AbsurdNames))]
    public async Task Presign_Returns400_ForAnAbsurdFileName(string? fileName)
    {
        using var client = await SignedInAsync();
        var problem = await AssertProblemAsync(await client.PresignAsync(Request(fileName!)), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("fileName", out _));
    }

    [Theory]
    [InlineData("IMG_0001")]
    [InlineData("Ferien am Meer – 2024 (1).jpeg")]
    [InlineData("猫.png")]
    public async Task Presign_AcceptsOrdinaryNames_WithOrWithoutExtension(string fileName)
    {
        using var client = await SignedInAsync();
        var presign = await client.PresignOkAsync(Request(fileName));
        Assert.Equal(fileName, (await FindImageAsync(factory, presign.Id))!.FileName);
        Assert.EndsWith("/original.jpg", presign.Upload.Fields["key"]);
    }

    [Theory]
    [InlineData("image/png", 1000, "thumbnail.contentType")]
    [InlineData("image/svg+xml", 1000, "thumbnail.contentType")]
    [InlineData("image/webp", 0, "thumbnail.size")]
    [InlineData("image/webp", 512 * 1024 + 1, "thumbnail.size")]
    public async Task Presign_Returns400_ForABadThumbnail(string contentType, long size, string field)
    {
        using var client = await SignedInAsync();
        var problem = await AssertProblemAsync(
            await client.PresignAsync(Request(thumbnail: Thumbnail(contentType, size))), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData(0, 480, "width")]
    [InlineData(640, 100_001, "height")]
    public async Task Presign_Returns400_ForImpossiblePixelSizes(int width, int height, string field)
    {
        using var client = await SignedInAsync();
        var problem = await AssertProblemAsync(await client.PresignAsync(Request(width: width, height: height)), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Presign_AcceptsAnUnknownPixelSize()
    {
        using var client = await SignedInAsync();
        var presign = await client.PresignOkAsync(Request(width: null, height: null));
        Assert.Null((await FindImageAsync(factory, presign.Id))!.Width);
    }

    [Fact]
    public async Task Api_Returns400Problem_WithoutTheAntiforgeryToken()
    {
        using var client = await SignedInAsync();
        var presign = await client.PresignOkAsync(Request());

        foreach (var response in new[]
                 {
                     await client.PresignAsync(Request(), withToken: false),
                     await client.CompleteAsync(presign.Id, withToken: false),
                     await client.DeleteImageAsync(presign.Id, withToken: false),
                 })
        {
            var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.Contains("antiforgery", problem.GetProperty("title").GetString());
        }
        Assert.NotNull(await FindImageAsync(factory, presign.Id));
    }

    [Fact]
    public async Task Api_Returns400Problem_WithAnotherPersonsToken()
    {
        using var mallory = await SignedInAsync();
        var token = await mallory.AntiforgeryTokenAsync();
        using var victim = await SignedInAsync();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/uploads") { Content = System.Net.Http.Json.JsonContent.Create(Request()) };
        request.Headers.Add("RequestVerificationToken", token);
        await AssertProblemAsync(await victim.Http.SendAsync(request), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Api_Returns401Problem_WhenAnonymous()
    {
        using var anonymous = factory.CreateGalleryClient();
        var id = Guid.NewGuid();
        await AssertProblemAsync(await anonymous.Http.PostAsync("/api/uploads", System.Net.Http.Json.JsonContent.Create(Request())), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await anonymous.Http.PostAsync($"/api/uploads/{id}/complete", null), HttpStatusCode.Unauthorized);
        await AssertProblemAsync(await anonymous.Http.DeleteAsync($"/api/images/{id}"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task CompleteAndDelete_Return404_ForSomeoneElsesUpload()
    {
        using var owner = await SignedInAsync();
        var (presign, complete) = await owner.UploadImageAsync(TestImages.Jpeg, "image/jpeg");
        var pending = await owner.PresignOkAsync(Request());
        using var stranger = await SignedInAsync();

        foreach (var response in new[]
                 {
                     await stranger.CompleteAsync(presign.Id),
                     await stranger.CompleteAsync(pending.Id),
                     await stranger.DeleteImageAsync(presign.Id),
                     await stranger.DeleteImageAsync(pending.Id),
                     await stranger.CompleteAsync(Guid.NewGuid()),
                 })
        {
            var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
            Assert.False(problem.TryGetProperty("detail", out _));
        }
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        Assert.NotNull(await FindImageAsync(factory, presign.Id));
        Assert.Equal(ImageStatus.Pending, (await FindImageAsync(factory, pending.Id))!.Status);
    }

    [Fact]
    public async Task Delete_ByAnAdmin_RemovesSomeoneElsesImage_AndLeavesAnAuditEntry()
    {
        using var owner = await SignedInAsync();
        var (presign, _) = await owner.UploadImageAsync(TestImages.Jpeg, "image/jpeg");
        using var admin = await SignedInAsync("admin");
        await using (var scope = factory.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<AdminRoles>().SetAdminAsync(admin.Email!, true));
        await admin.LoginAsync(admin.Email!);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteImageAsync(presign.Id)).StatusCode);

        Assert.Null(await FindImageAsync(factory, presign.Id));
        await using var check = factory.Services.CreateAsyncScope();
        var entry = await check.ServiceProvider.GetRequiredService<GalleryDbContext>().AuditEntries.SingleAsync(a => a.ImageId == presign.Id);
        Assert.Equal(admin.Email, entry.ActorEmail);
        Assert.Equal(owner.Email, entry.TargetUserEmail);
    }

    [Fact]
    public async Task PresignAndComplete_Return403_WhenTheAccountIsLocked()
    {
        using var client = await SignedInAsync();
        var presign = await client.PresignOkAsync(Request());
        await client.UploadOkAsync(presign.Upload, TestImages.Jpeg, "image/jpeg");

        await SetAdminLockAsync(factory, client.Email!, DateTime.UtcNow);

        foreach (var response in new[] { await client.PresignAsync(Request()), await client.CompleteAsync(presign.Id) })
        {
            var problem = await AssertProblemAsync(response, HttpStatusCode.Forbidden);
            Assert.Equal("Your account is locked.", problem.GetProperty("detail").GetString());
        }
        Assert.Equal(ImageStatus.Pending, (await FindImageAsync(factory, presign.Id))!.Status);

        // Unlocked, the same session carries on.
        await SetAdminLockAsync(factory, client.Email!, null);
        Assert.Equal(HttpStatusCode.OK, (await client.CompleteAsync(presign.Id)).StatusCode);
    }

    // Identity's sign-in lockout (failed passwords, which anyone can cause) is not an
    // admin's lock: the person's existing session keeps working.
    [Fact]
    public async Task Presign_IsAllowed_WhileASignInLockoutLasts()
    {
        using var client = await SignedInAsync();
        await SetLockoutAsync(client.Email!, DateTimeOffset.UtcNow.AddMinutes(10));
        Assert.Equal(HttpStatusCode.Created, (await client.PresignAsync(Request())).StatusCode);
    }

    [Fact]
    public async Task Presign_Returns403_WhileLockedByAnAdmin()
    {
        using var client = await SignedInAsync();
        await SetAdminLockAsync(factory, client.Email!, DateTime.UtcNow);
        var problem = await AssertProblemAsync(await client.PresignAsync(Request()), HttpStatusCode.Forbidden);
        Assert.Equal("Your account is locked.", problem.GetProperty("detail").GetString());
        await AssertNoImagesAsync(client);
    }

    [Fact]
    public async Task Presign_Returns403_NotValidationProblem_WhenTheAccountIsLocked()
    {
        using var client = await SignedInAsync();
        await SetAdminLockAsync(factory, client.Email!, DateTime.UtcNow);
        var response = await client.PresignAsync(Request("cat.exe", "application/x-msdownload", size: 0));
        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    private async Task SetLockoutAsync(string email, DateTimeOffset? end)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        Assert.True((await users.SetLockoutEndDateAsync(user, end)).Succeeded);
    }

    private async Task AssertNoImagesAsync(GalleryClient client)
    {
        var userId = await ImageSeeder.UserIdAsync(factory, client.Email!);
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<GalleryDbContext>().Images.AnyAsync(i => i.OwnerId == userId));
    }
}

public sealed class SqliteUploadApiTests(GalleryFactory factory) : UploadApiTests(factory), IClassFixture<GalleryFactory>;

public sealed class PostgresUploadApiTests(PostgresGalleryFactory factory) : UploadApiTests(factory), IClassFixture<PostgresGalleryFactory>;
