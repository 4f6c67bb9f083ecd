using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using static ImageGallery.Tests.Moderation.AdminForms;

namespace ImageGallery.Tests.Moderation;

public class PreModerationFactory : ModerationFactory
{
    public PreModerationFactory() : this(TestDatabase.Sqlite) { }

    protected PreModerationFactory(TestDatabase database) : base(database) => With("Gallery:Moderation", "Pre");
}

public sealed class PostgresPreModerationFactory() : PreModerationFactory(TestDatabase.Postgres);

// What the owner sees after a review decision, on the gallery page as _GalleryTile.cshtml
// renders it (li.tile[data-image-id] with a.tile-link; /?status=rejected).
public abstract class OwnerViewTests(PreModerationFactory factory)
{
    [Fact]
    public async Task PreMode_AnImageAwaitingReview_IsNotANormalTile_UntilApproved()
    {
        using var owner = await factory.OwnerAsync();
        var id = (await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 1, ImageStatus.AwaitingReview))[0];

        var before = await owner.Client.GetPageAsync("/");
        Assert.NotNull(before.QuerySelector("ul#gallery-grid"));
        Assert.Null(before.QuerySelector($"li.tile[data-image-id='{id}'] a.tile-link"));

        using var admin = await factory.AdminAsync();
        var queue = QueueUrl(owner.Email);
        await FollowAsync(admin, await RowAsync(admin, await admin.GetPageAsync(queue), id, "approve-form", pageUrl: queue));

        var after = await owner.Client.GetPageAsync("/");
        var link = after.QuerySelector($"li.tile[data-image-id='{id}'] a.tile-link");
        Assert.NotNull(link);
        Assert.Equal($"/images/{id}", link.GetAttribute("href"));
        Assert.Equal("Approved", after.QuerySelector($"li.tile[data-image-id='{id}']")!.GetAttribute("data-status"));
    }

    [Fact]
    public async Task Reject_TheOwnerSeesTheReason_UnderTheRejectedFilter_AndNotInTheGrid()
    {
        using var owner = await factory.OwnerAsync();
        using var admin = await factory.AdminAsync();
        var image = await ImageSeeder.SeedStoredAsync(factory, admin.Http, owner.Id, ImageStatus.Approved);

        var queue = QueueUrl(owner.Email, "approved");
        await FollowAsync(admin, await RowAsync(admin, await admin.GetPageAsync(queue), image.PublicId, "reject-form",
            "Contains a licence plate.", queue));

        var grid = await owner.Client.GetPageAsync("/");
        Assert.Null(grid.QuerySelector($"li.tile[data-image-id='{image.PublicId}']"));

        var rejected = await owner.Client.GetPageAsync("/?status=rejected");
        Assert.NotNull(rejected.QuerySelector($"[data-image-id='{image.PublicId}']"));
        Assert.Contains("Contains a licence plate.", rejected.QuerySelector("main")!.TextContent);
    }
}

public sealed class SqliteOwnerViewTests(PreModerationFactory factory) : OwnerViewTests(factory), IClassFixture<PreModerationFactory>;

public sealed class PostgresOwnerViewTests(PostgresPreModerationFactory factory) : OwnerViewTests(factory), IClassFixture<PostgresPreModerationFactory>;
