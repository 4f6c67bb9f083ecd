using System.Net;
using System.Text.Json;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;

namespace ImageGallery.Tests.Moderation;

// Admin decisions as the upload API enforces them on the next request.
public abstract class LockAndQuotaUploadTests(ModerationFactory factory)
{
    private static object Presign(long size = 5323) =>
        new { fileName = "cat.jpg", contentType = "image/jpeg", size, width = 640, height = 480 };

    [Fact]
    public async Task LockedUser_AlreadySignedIn_Gets403Problem_OnPresignAndComplete()
    {
        using var owner = await factory.OwnerAsync();
        var pending = (await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 1, ImageStatus.Pending))[0];
        Assert.Equal(HttpStatusCode.Created, (await owner.Client.PostJsonAsync("/api/uploads", Presign())).StatusCode);

        using var admin = await factory.AdminAsync();
        await AdminForms.FollowAsync(admin, await admin.SubmitFormAsync($"/Admin/Users/{owner.Id}",
            new Dictionary<string, string>(), "form.lock-form"));

        var presign = await owner.Client.PostJsonAsync("/api/uploads", Presign());
        await AssertProblemAsync(presign, HttpStatusCode.Forbidden, "locked");
        var complete = await owner.Client.SendWithTokenAsync(HttpMethod.Post, $"/api/uploads/{pending}/complete");
        await AssertProblemAsync(complete, HttpStatusCode.Forbidden, "locked");

        await AdminForms.FollowAsync(admin, await admin.SubmitFormAsync($"/Admin/Users/{owner.Id}",
            new Dictionary<string, string>(), "form.lock-form"));
        Assert.Equal(HttpStatusCode.Created, (await owner.Client.PostJsonAsync("/api/uploads", Presign())).StatusCode);
    }

    [Fact]
    public async Task QuotaOverride_RefusesPresign_OverTheLoweredLimits()
    {
        using var owner = await factory.OwnerAsync();
        await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 2, ImageStatus.Approved);
        Assert.Equal(HttpStatusCode.Created, (await owner.Client.PostJsonAsync("/api/uploads", Presign())).StatusCode);
        using var admin = await factory.AdminAsync();

        await SetQuotaAsync(admin, owner.Id, images: "3", megabytes: "");
        await AssertProblemAsync(await owner.Client.PostJsonAsync("/api/uploads", Presign()), HttpStatusCode.Conflict, "limit");

        await SetQuotaAsync(admin, owner.Id, images: "", megabytes: "1");
        Assert.Equal(HttpStatusCode.Created, (await owner.Client.PostJsonAsync("/api/uploads", Presign())).StatusCode);
        await AssertProblemAsync(await owner.Client.PostJsonAsync("/api/uploads", Presign(size: 1024 * 1024)),
            HttpStatusCode.RequestEntityTooLarge, "limit");
    }

    private static async Task SetQuotaAsync(GalleryClient admin, string userId, string images, string megabytes)
    {
        var response = await admin.SubmitFormAsync($"/Admin/Users/{userId}", new Dictionary<string, string>
        {
            ["Input.MaxImages"] = images,
            ["Input.MaxMegabytes"] = megabytes,
        }, "form.quota-form");
        Assert.Equal("Quota saved.", AdminForms.StatusMessage(await AdminForms.FollowAsync(admin, response)));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailWord)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(detailWord, problem.RootElement.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class SqliteLockAndQuotaUploadTests(ModerationFactory factory) : LockAndQuotaUploadTests(factory), IClassFixture<ModerationFactory>;

public sealed class PostgresLockAndQuotaUploadTests(PostgresModerationFactory factory) : LockAndQuotaUploadTests(factory), IClassFixture<PostgresModerationFactory>;
