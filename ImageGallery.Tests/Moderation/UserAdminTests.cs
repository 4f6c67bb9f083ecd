using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Moderation;
using static ImageGallery.Tests.Moderation.AdminForms;

namespace ImageGallery.Tests.Moderation;

public abstract class UserAdminTests(ModerationFactory factory)
{
    [Fact]
    public async Task UsersPage_ShowsEachUsersImagesBytesAwaitingAndLastUpload()
    {
        using var owner = await factory.OwnerAsync();
        using var empty = await factory.OwnerAsync();
        await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 2, ImageStatus.AwaitingReview);
        await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 1, ImageStatus.Approved, withThumbnail: false);
        await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 1, ImageStatus.Pending);
        using var admin = await factory.AdminAsync();

        var page = await admin.GetPageAsync("/Admin/Users");
        var row = page.QuerySelector($"tr[data-user-id='{owner.Id}']")!;
        Assert.Equal(owner.Email, row.QuerySelector(".user-email")!.TextContent.Trim());
        // Pending uploads are not images yet; bytes count originals and thumbnails.
        Assert.Equal("3", row.QuerySelector(".user-images")!.TextContent);
        Assert.Equal((3 * 5323 + 2 * 5323).ToString(), row.QuerySelector(".user-bytes")!.GetAttribute("data-bytes"));
        Assert.Equal("2", row.QuerySelector(".user-awaiting")!.TextContent);
        Assert.Contains("UTC", row.QuerySelector(".user-last-upload")!.TextContent);
        Assert.Equal("false", row.GetAttribute("data-locked"));

        var none = page.QuerySelector($"tr[data-user-id='{empty.Id}']")!;
        Assert.Equal("0", none.QuerySelector(".user-images")!.TextContent);
        Assert.Equal("0", none.QuerySelector(".user-bytes")!.GetAttribute("data-bytes"));
        Assert.Equal("—", none.QuerySelector(".user-last-upload")!.TextContent);
    }

    [Fact]
    public async Task Lock_RefusesLogin_WithTheLockoutPage_AndUnlockRestoresIt()
    {
        using var owner = await factory.OwnerAsync();
        using var admin = await factory.AdminAsync();

        var locked = await admin.SubmitFormAsync(await admin.GetPageAsync("/Admin/Users"), new Dictionary<string, string>(),
            $"tr[data-user-id='{owner.Id}'] form.lock-form", "/Admin/Users");
        var usersPage = await FollowAsync(admin, locked);
        Assert.Contains("locked", StatusMessage(usersPage));
        Assert.Equal("true", usersPage.QuerySelector($"tr[data-user-id='{owner.Id}']")!.GetAttribute("data-locked"));

        var user = await factory.UserAsync(owner.Id);
        Assert.NotNull(user.LockedAt);

        using var again = factory.CreateGalleryClient();
        var login = await again.LoginAsync(owner.Email);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/Identity/Account/Lockout", login.Headers.Location!.OriginalString);
        var lockout = await again.GetPageAsync("/Identity/Account/Lockout");
        Assert.Contains("locked out", lockout.QuerySelector("main")!.TextContent, StringComparison.OrdinalIgnoreCase);

        var detailUrl = $"/Admin/Users/{owner.Id}";
        var unlocked = await FollowAsync(admin, await admin.SubmitFormAsync(detailUrl, new Dictionary<string, string>(), "form.lock-form"));
        Assert.Equal("The account is unlocked.", StatusMessage(unlocked));
        Assert.Equal("false", unlocked.QuerySelector(".user-state")!.GetAttribute("data-locked"));
        var relogin = await again.LoginAsync(owner.Email);
        Assert.Equal(HttpStatusCode.Redirect, relogin.StatusCode);
        Assert.DoesNotContain("Lockout", relogin.Headers.Location!.OriginalString);

        var entries = await factory.AuditAsync(q => q.Where(a => a.TargetUserId == owner.Id));
        Assert.Equal([AuditActions.Lock, AuditActions.Unlock], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal((factory.AdminEmail, owner.Email), (e.ActorEmail, e.TargetUserEmail)));
    }

    [Fact]
    public async Task Lock_OfYourOwnAccount_IsRefused()
    {
        using var admin = await factory.AdminAsync();
        var adminId = await ImageSeeder.UserIdAsync(factory, factory.AdminEmail);

        var response = await admin.SubmitFormAsync($"/Admin/Users/{adminId}", new Dictionary<string, string>(), "form.lock-form");
        Assert.Equal("You cannot lock your own account.", StatusMessage(await FollowAsync(admin, response)));
        Assert.Null((await factory.UserAsync(adminId)).LockedAt);
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/Admin")).StatusCode);
    }

    [Fact]
    public async Task QuotaOverride_IsSaved_Audited_AndClearedWhenEmpty()
    {
        using var owner = await factory.OwnerAsync();
        using var admin = await factory.AdminAsync();
        var url = $"/Admin/Users/{owner.Id}";

        var saved = await admin.SubmitFormAsync(url, new Dictionary<string, string>
        {
            ["Input.MaxImages"] = "5",
            ["Input.MaxMegabytes"] = "2",
        }, "form.quota-form");
        var page = await FollowAsync(admin, saved);
        Assert.Equal("Quota saved.", StatusMessage(page));
        Assert.Equal("5", page.QuerySelector("#Input_MaxImages")!.GetAttribute("value"));
        var user = await factory.UserAsync(owner.Id);
        Assert.Equal((5, 2L * 1024 * 1024), (user.MaxImagesOverride, user.MaxBytesOverride));

        await FollowAsync(admin, await admin.SubmitFormAsync(url, new Dictionary<string, string>
        {
            ["Input.MaxImages"] = "",
            ["Input.MaxMegabytes"] = "",
        }, "form.quota-form"));
        user = await factory.UserAsync(owner.Id);
        Assert.Null(user.MaxImagesOverride);
        Assert.Null(user.MaxBytesOverride);

        var entries = await factory.AuditAsync(q => q.Where(a => a.TargetUserId == owner.Id));
        Assert.Equal([AuditActions.Quota, AuditActions.Quota], entries.Select(e => e.Action));
        Assert.Equal("images default -> 5; bytes default -> 2097152", entries[0].Detail);
        Assert.Equal("images 5 -> default; bytes 2097152 -> default", entries[1].Detail);
    }

    [Fact]
    public async Task QuotaOverride_RejectsBadValues_WithFieldErrors_AndChangesNothing()
    {
        using var owner = await factory.OwnerAsync();
        using var admin = await factory.AdminAsync();

        var response = await admin.SubmitFormAsync($"/Admin/Users/{owner.Id}", new Dictionary<string, string>
        {
            ["Input.MaxImages"] = "-1",
            ["Input.MaxMegabytes"] = "lots",
        }, "form.quota-form");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = Html.FieldErrors(await Html.ParseAsync(response));
        Assert.Contains("Maximum images", errors["Input.MaxImages"]);
        Assert.True(errors.ContainsKey("Input.MaxMegabytes"));
        var user = await factory.UserAsync(owner.Id);
        Assert.Null(user.MaxImagesOverride);
        Assert.Null(user.MaxBytesOverride);
        Assert.Empty(await factory.AuditAsync(q => q.Where(a => a.TargetUserId == owner.Id)));
    }
}

public sealed class SqliteUserAdminTests(ModerationFactory factory) : UserAdminTests(factory), IClassFixture<ModerationFactory>;

public sealed class PostgresUserAdminTests(PostgresModerationFactory factory) : UserAdminTests(factory), IClassFixture<PostgresModerationFactory>;
