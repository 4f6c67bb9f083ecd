using ImageGallery.Tests.Infrastructure;
using ImageGallery.Tests.Moderation;
using ImageGallery.Web.Data;
using static ImageGallery.Tests.Gallery.GalleryTestKit;

namespace ImageGallery.Tests.Gallery;

// Three tiles a page, so page boundaries are a few images away.
public sealed class SmallPageGalleryFactory() : GalleryFactory(new Dictionary<string, string?> { ["Gallery:PageSize"] = "3" });

// The image page as a viewer, without script: previous/next links in the gallery's order
// and an "All images" link to the grid page that shows the image, at its tile.
public class ViewerPageTests(SmallPageGalleryFactory factory) : IClassFixture<SmallPageGalleryFactory>
{
    [Fact]
    public async Task Get_ImagePage_LinksPreviousAndNext_InTheGallerysOrder_AndNothingPastTheEnds()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var ids = await ImageSeeder.SeedRecordsAsync(factory, userId, 5);   // oldest first; the grid shows ids[4] first

        Assert.Equal((ids[3], ids[1]), await StepsAsync(client, ids[2]));
        Assert.Equal((null, ids[3]), await StepsAsync(client, ids[4]));
        Assert.Equal((ids[1], null), await StepsAsync(client, ids[0]));
    }

    [Fact]
    public async Task Get_ImagePage_FollowsTheDateTakenOrder()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        DateTime?[] taken = [new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                             new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc)];
        var ids = await ImageSeeder.SeedRecordsAsync(factory, userId, 3, takenAt: i => taken[i]);

        // 2023, 2022, 2021: ids[1], ids[2], ids[0].
        Assert.Equal((ids[1], ids[0]), await StepsAsync(client, ids[2]));
    }

    [Fact]
    public async Task Get_ImagePage_AllImagesLink_OpensTheGridPageThatShowsTheTile_AcrossPageBoundaries()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var ids = await ImageSeeder.SeedRecordsAsync(factory, userId, 7);
        var newestFirst = Enumerable.Reverse(ids).ToList();

        for (var position = 0; position < newestFirst.Count; position++)
        {
            var id = newestFirst[position];
            var href = (await client.GetPageAsync($"/images/{id}")).QuerySelector("#viewer-grid")!.GetAttribute("href")!;
            // The first page while it holds the tile; past it, a page that starts at the tile.
            Assert.Equal(position < 3 ? $"/#tile-{id}" : $"/?before={newestFirst[position - 1]}#tile-{id}", href);
            var grid = await client.GetPageAsync(href.Split('#')[0]);
            Assert.Contains(id, TileIds(grid));
            Assert.NotNull(grid.GetElementById($"tile-{id}"));
        }
    }

    [Fact]
    public async Task Get_RejectedImagePage_StepsThroughRejectedImagesOnly_AndLeadsBackToThem()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var rejected = await ImageSeeder.SeedRecordsAsync(factory, userId, 2, ImageStatus.Rejected);
        await ImageSeeder.SeedRecordsAsync(factory, userId, 2);

        var doc = await client.GetPageAsync($"/images/{rejected[1]}");
        Assert.Equal($"/images/{rejected[0]}", doc.QuerySelector("#viewer-next")!.GetAttribute("href"));
        Assert.Null(doc.QuerySelector("#viewer-previous"));
        Assert.Equal($"/?status=rejected#tile-{rejected[1]}", doc.QuerySelector("#viewer-grid")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Get_SomeoneElsesImagePage_Is404()
    {
        var (owner, ownerId) = await PersonAsync(factory);
        var (other, _) = await PersonAsync(factory);
        using var _1 = owner;
        using var _2 = other;
        var id = (await ImageSeeder.SeedRecordsAsync(factory, ownerId, 1))[0];
        await other.GetPageAsync($"/images/{id}", System.Net.HttpStatusCode.NotFound);
    }

    private static async Task<(Guid?, Guid?)> StepsAsync(GalleryClient client, Guid id)
    {
        var doc = await client.GetPageAsync($"/images/{id}");
        static Guid? Target(string? href) => href is null ? null : Guid.Parse(href.Split('/')[^1]);
        return (Target(doc.QuerySelector("a#viewer-previous[rel=prev]")?.GetAttribute("href")),
                Target(doc.QuerySelector("a#viewer-next[rel=next]")?.GetAttribute("href")));
    }
}

// Under pre-moderation an image awaiting review has no page to step to: the viewer skips it.
public class PreModerationViewerTests(PreModerationFactory factory) : IClassFixture<PreModerationFactory>
{
    [Fact]
    public async Task Get_ImagePage_SkipsImagesAwaitingReview_UnderPreModeration()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var older = (await ImageSeeder.SeedRecordsAsync(factory, userId, 1))[0];
        await ImageSeeder.SeedRecordsAsync(factory, userId, 1, ImageStatus.AwaitingReview);
        var newer = (await ImageSeeder.SeedRecordsAsync(factory, userId, 1))[0];

        var doc = await client.GetPageAsync($"/images/{newer}");
        Assert.Equal($"/images/{older}", doc.QuerySelector("#viewer-next")!.GetAttribute("href"));
    }
}
