using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;

namespace ImageGallery.Tests.Moderation;

// The whole /Admin folder is declared Admin-only in one place; these check that every
// page and every handler really is covered, for reading and for changing.
public abstract class AdminAccessTests(ModerationFactory factory)
{
    private static readonly string[] GetRoutes =
    [
        "/Admin", "/Admin?status=all", "/Admin/Users", "/Admin/Audit",
        "/Admin/Images/{image}", "/Admin/Users/{user}",
    ];

    private static readonly string[] PostRoutes =
    [
        "/Admin?handler=Approve", "/Admin?handler=Reject", "/Admin?handler=Delete",
        "/Admin/Images/{image}?handler=Approve", "/Admin/Images/{image}?handler=Reject",
        "/Admin/Images/{image}?handler=Delete",
        "/Admin/Users?handler=Lock&id={user}", "/Admin/Users?handler=Unlock&id={user}",
        "/Admin/Users/{user}?handler=Lock", "/Admin/Users/{user}?handler=Unlock",
        "/Admin/Users/{user}?handler=Quota",
    ];

    [Fact]
    public async Task EveryAdminPage_Answers403InPlace_ToASignedInNonAdmin()
    {
        using var owner = await factory.OwnerAsync();
        var image = (await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 1, ImageStatus.AwaitingReview))[0];

        foreach (var route in GetRoutes)
        {
            var response = await owner.Client.Http.GetAsync(Fill(route, image, owner.Id));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"GET {route}: {(int)response.StatusCode}");
            Assert.Contains("Access denied", (await Html.ParseAsync(response)).QuerySelector("h1")!.TextContent);
        }
    }

    [Fact]
    public async Task EveryAdminAction_Answers403_ToASignedInNonAdmin_AndChangesNothing()
    {
        using var owner = await factory.OwnerAsync();
        var image = (await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 1, ImageStatus.AwaitingReview))[0];
        // A valid token for this person: only authorization can be what refuses.
        var token = await owner.Client.AntiforgeryTokenAsync();

        foreach (var route in PostRoutes)
        {
            var response = await owner.Client.Http.PostAsync(Fill(route, image, owner.Id), Form(token, image, owner.Id));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"POST {route}: {(int)response.StatusCode}");
        }

        var after = await factory.ImageAsync(image);
        Assert.Equal(ImageStatus.AwaitingReview, after!.Status);
        Assert.Null((await factory.UserAsync(owner.Id)).LockedAt);
        Assert.Empty(await factory.AuditAsync(q => q.Where(a => a.ImageId == image || a.TargetUserId == owner.Id)));
    }

    [Fact]
    public async Task EveryAdminPageAndAction_SendsAnAnonymousVisitorToLogIn()
    {
        using var owner = await factory.OwnerAsync();
        var image = (await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 1, ImageStatus.AwaitingReview))[0];
        using var anonymous = factory.CreateGalleryClient();

        foreach (var route in GetRoutes)
        {
            var response = await anonymous.Http.GetAsync(Fill(route, image, owner.Id));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {route}: {(int)response.StatusCode}");
            Assert.StartsWith("https://localhost/Identity/Account/Login", response.Headers.Location!.ToString());
        }
        foreach (var route in PostRoutes)
        {
            var response = await anonymous.Http.PostAsync(Fill(route, image, owner.Id), Form("", image, owner.Id));
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"POST {route}: {(int)response.StatusCode}");
            Assert.StartsWith("https://localhost/Identity/Account/Login", response.Headers.Location!.ToString());
        }
        Assert.Equal(ImageStatus.AwaitingReview, (await factory.ImageAsync(image))!.Status);
    }

    [Fact]
    public async Task Admin_CanOpenEveryAdminPage()
    {
        using var owner = await factory.OwnerAsync();
        var image = (await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 1, ImageStatus.AwaitingReview))[0];
        using var admin = await factory.AdminAsync();

        foreach (var route in GetRoutes)
        {
            var response = await admin.Http.GetAsync(Fill(route, image, owner.Id));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {route}: {(int)response.StatusCode}");
        }
    }

    private static string Fill(string route, Guid image, string user) =>
        route.Replace("{image}", image.ToString()).Replace("{user}", user);

    private static FormUrlEncodedContent Form(string token, Guid image, string user) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token,
        ["Input.Ids"] = image.ToString(),
        ["Input.Reason"] = "not allowed",
        ["Input.MaxImages"] = "0",
        ["id"] = user,
    });
}

public sealed class SqliteAdminAccessTests(ModerationFactory factory) : AdminAccessTests(factory), IClassFixture<ModerationFactory>;

public sealed class PostgresAdminAccessTests(PostgresModerationFactory factory) : AdminAccessTests(factory), IClassFixture<PostgresModerationFactory>;
