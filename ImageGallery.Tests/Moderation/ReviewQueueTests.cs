using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using static ImageGallery.Tests.Moderation.AdminForms;

namespace ImageGallery.Tests.Moderation;

public class SmallPagesFactory : ModerationFactory
{
    public SmallPagesFactory() : this(TestDatabase.Sqlite) { }

    protected SmallPagesFactory(TestDatabase database) : base(database) => With("Gallery:PageSize", "3");
}

public sealed class PostgresSmallPagesFactory() : SmallPagesFactory(TestDatabase.Postgres);

public abstract class ReviewQueueTests(SmallPagesFactory factory)
{
    [Fact]
    public async Task Queue_ShowsAwaitingReviewOldestFirst_ByDefault_AndNeverPending()
    {
        using var owner = await factory.OwnerAsync();
        var pending = await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 1, ImageStatus.Pending);
        var awaiting = await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 2, ImageStatus.AwaitingReview);
        await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 1, ImageStatus.Approved);
        using var admin = await factory.AdminAsync();

        Assert.Equal(awaiting, Rows(await admin.GetPageAsync($"/Admin?user={Uri.EscapeDataString(owner.Email)}")));
        Assert.DoesNotContain(pending[0], Rows(await admin.GetPageAsync(QueueUrl(owner.Email, "all"))));

        // The unfiltered default: the status select says "awaiting", rows are awaiting, oldest first.
        var page = await admin.GetPageAsync("/Admin");
        Assert.Equal("awaiting", page.QuerySelector("select[name=status] option[selected]")!.GetAttribute("value"));
        Assert.All(page.QuerySelectorAll("tr.queue-item"), r => Assert.Equal("AwaitingReview", r.GetAttribute("data-status")));
        var ids = new List<long>();
        foreach (var id in Rows(page)) ids.Add((await factory.ImageAsync(id))!.Id);
        Assert.Equal(ids.Order(), ids);
        Assert.DoesNotContain(pending[0], Rows(page));
    }

    [Fact]
    public async Task Queue_FiltersByStatusAndByOwner()
    {
        using var owner = await factory.OwnerAsync();
        using var other = await factory.OwnerAsync();
        var awaiting = await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 1, ImageStatus.AwaitingReview);
        var approved = await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 1, ImageStatus.Approved);
        var rejected = await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 1, ImageStatus.Rejected);
        var others = await ImageSeeder.SeedRecordsAsync(factory, other.Id, 1, ImageStatus.AwaitingReview);
        using var admin = await factory.AdminAsync();

        Assert.Equal(awaiting, Rows(await admin.GetPageAsync(QueueUrl(owner.Email))));
        Assert.Equal(approved, Rows(await admin.GetPageAsync(QueueUrl(owner.Email, "approved"))));
        Assert.Equal(rejected, Rows(await admin.GetPageAsync(QueueUrl(owner.Email, "rejected"))));
        // History views read newest first.
        Assert.Equal([rejected[0], approved[0], awaiting[0]], Rows(await admin.GetPageAsync(QueueUrl(owner.Email, "all"))));
        Assert.Equal(others, Rows(await admin.GetPageAsync(QueueUrl(other.Email.ToUpperInvariant()))));
    }

    [Fact]
    public async Task Queue_PagesByKeyset_WithoutGapsOrRepeats_EvenWhenItemsAreApprovedMeanwhile()
    {
        using var owner = await factory.OwnerAsync();
        var ids = await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 8, ImageStatus.AwaitingReview);
        using var admin = await factory.AdminAsync();

        var first = await admin.GetPageAsync(QueueUrl(owner.Email));
        Assert.Equal(ids[..3], Rows(first));
        Assert.Null(first.QuerySelector("a[rel=first]"));

        // Working the first page does not move the next one.
        await BulkAsync(admin, first, "Approve", ids[..3]);
        var second = await admin.GetPageAsync(first.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        Assert.Equal(ids[3..6], Rows(second));
        Assert.Contains("after=", second.Location.Search);

        var third = await admin.GetPageAsync(second.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        Assert.Equal(ids[6..], Rows(third));
        Assert.Null(third.QuerySelector("a[rel=next]"));
        var back = await admin.GetPageAsync(third.QuerySelector("a[rel=first]")!.GetAttribute("href")!);
        Assert.Equal(ids[3..6], Rows(back));
    }

    [Fact]
    public async Task QueueRow_ShowsTheThumbnailAndFacts_AndOpensTheOriginal()
    {
        using var owner = await factory.OwnerAsync();
        using var admin = await factory.AdminAsync();
        var image = await ImageSeeder.SeedStoredAsync(factory, admin.Http, owner.Id, ImageStatus.AwaitingReview,
            fileName: "sunset.jpg");

        var page = await admin.GetPageAsync(QueueUrl(owner.Email));
        var row = page.QuerySelector($"tr[data-image-id='{image.PublicId}']")!;
        var text = row.TextContent;
        Assert.Contains(owner.Email, row.QuerySelector(".queue-owner")!.TextContent);
        Assert.Equal("sunset.jpg", row.QuerySelector(".queue-file")!.TextContent);
        Assert.Contains("5.2 KB", text);
        Assert.Contains("image/jpeg", text);
        Assert.Contains("640×480", text);
        Assert.Contains("Awaiting review", text);
        Assert.NotNull(row.QuerySelector("time[datetime]"));

        var thumb = row.QuerySelector("img.queue-thumb")!.GetAttribute("src")!;
        Assert.Contains("thumb.jpg", thumb);
        var thumbResponse = await TestImages.GetAsync(admin.Http, new Uri(thumb, UriKind.RelativeOrAbsolute));
        Assert.Equal(HttpStatusCode.OK, thumbResponse.StatusCode);
        Assert.Equal(TestImages.Jpeg, await thumbResponse.Content.ReadAsByteArrayAsync());

        var detail = await admin.GetPageAsync(row.QuerySelector("a.queue-open")!.GetAttribute("href")!);
        var original = detail.QuerySelector("img.admin-original")!.GetAttribute("src")!;
        Assert.Contains("original.jpg", original);
        var originalResponse = await TestImages.GetAsync(admin.Http, new Uri(original, UriKind.RelativeOrAbsolute));
        Assert.Equal(HttpStatusCode.OK, originalResponse.StatusCode);
        Assert.Equal("image/jpeg", originalResponse.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task ImageDetail_Answers404_ForPendingOrUnknownImages()
    {
        using var owner = await factory.OwnerAsync();
        var pending = await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 1, ImageStatus.Pending);
        using var admin = await factory.AdminAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync($"/Admin/Images/{pending[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync($"/Admin/Images/{Guid.NewGuid()}")).StatusCode);
    }

    private static List<Guid> Rows(AngleSharp.Dom.IDocument page) =>
        page.QuerySelectorAll("tr.queue-item").Select(r => Guid.Parse(r.GetAttribute("data-image-id")!)).ToList();
}

public sealed class SqliteReviewQueueTests(SmallPagesFactory factory) : ReviewQueueTests(factory), IClassFixture<SmallPagesFactory>;

public sealed class PostgresReviewQueueTests(PostgresSmallPagesFactory factory) : ReviewQueueTests(factory), IClassFixture<PostgresSmallPagesFactory>;
