using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using static ImageGallery.Tests.Gallery.GalleryTestKit;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Albums;

public class AlbumPagesFactory : GalleryFactory
{
    public AlbumPagesFactory() : this(TestDatabase.Sqlite) { }

    protected AlbumPagesFactory(TestDatabase database) : base(database) => With("Gallery:PageSize", "2");
}

public sealed class PostgresAlbumPagesFactory() : AlbumPagesFactory(TestDatabase.Postgres);

// Albums through their pages and the selection forms, with pages of 2 so boundaries show.
public abstract class AlbumTests(AlbumPagesFactory factory)
{
    [Fact]
    public async Task Album_CreatedFromASelection_ListsCoverAndCount_RenamesAndDeletes_WithoutDeletingImages()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var ids = await ImageSeeder.SeedRecordsAsync(factory, userId, 3);

        var add = await client.PostSelectionAsync("AddToAlbum", ids, ("newAlbum", "  Summer 2019 "));
        Assert.Equal(HttpStatusCode.Redirect, add.StatusCode);
        var list = await client.GetPageAsync("/albums");
        var tile = list.QuerySelector("li.album-tile")!;
        Assert.Equal("Summer 2019", tile.QuerySelector(".album-name")!.TextContent.Trim());
        Assert.Equal("3 images", tile.QuerySelector(".album-count")!.TextContent.Trim());
        var album = Guid.Parse(tile.GetAttribute("data-album-id")!);
        // The cover is the newest image until one is chosen.
        var newestThumb = ImgSrc(await client.GetPageAsync("/"), ids[2]);
        Assert.Equal(newestThumb, tile.QuerySelector("img")!.GetAttribute("src"));
        var fromAlbum = await client.GetPageAsync($"/images/{ids[0]}?album={album}");
        var cover = await client.SubmitFormAsync(fromAlbum, new Dictionary<string, string>(), "form.album-cover-form", $"/images/{ids[0]}");
        Assert.Equal(HttpStatusCode.Redirect, cover.StatusCode);
        Assert.Equal(ImgSrc(await client.GetPageAsync($"/albums/{album}?before={ids[1]}"), ids[0]),
            (await client.GetPageAsync("/albums")).QuerySelector("li.album-tile img")!.GetAttribute("src"));

        // Members the gallery hides are not counted: one in the trash, one a reviewer rejected.
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostSelectionAsync("Trash", [ids[1]])).StatusCode);
        await UpdateImageAsync(factory, ids[2], i => i.Status = ImageStatus.Rejected);
        Assert.Equal("1 image", (await client.GetPageAsync("/albums")).QuerySelector("li.album-tile .album-count")!.TextContent.Trim());

        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/albums/{album}?handler=Rename", ("Name", "Beach"))).StatusCode);
        Assert.Equal("Beach", (await client.GetPageAsync($"/albums/{album}")).QuerySelector("h1")!.TextContent.Trim());

        var unconfirmed = await client.PostFormAsync($"/albums/{album}?handler=Delete");
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.Contains("ConfirmDelete", Html.FieldErrors(await Html.ParseAsync(unconfirmed)).Keys);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync($"/albums/{album}?handler=Delete", ("ConfirmDelete", "true"))).StatusCode);
        await client.GetPageAsync($"/albums/{album}", HttpStatusCode.NotFound);
        Assert.Equal([ImageStatus.Approved, ImageStatus.Trashed, ImageStatus.Rejected],
            await Task.WhenAll(ids.Select(async id => (await FindAsync(factory, id))!.Status)));
    }

    [Fact]
    public async Task AlbumPage_PagesByKeyset_InTheAlbumsOrder_AndSkipsTrashedImages()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var ids = await ImageSeeder.SeedRecordsAsync(factory, userId, 6);
        var album = await client.CreateAlbumAsync("All");
        // Not in the album: ids[1]. Trashed: ids[3].
        Assert.Equal(HttpStatusCode.Redirect,
            (await client.PostSelectionAsync("AddToAlbum", [ids[0], ids[2], ids[3], ids[4], ids[5]], ("target", album.ToString()))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Trash.TrashApi.TrashAsync(client, [ids[3]])).StatusCode);

        var first = await client.GetPageAsync($"/albums/{album}");
        Assert.Equal([ids[5], ids[4]], TileIds(first));
        Assert.Null(PagerLink(first, "prev"));
        var second = await client.GetPageAsync(PagerLink(first, "next")!);
        Assert.Equal([ids[2], ids[0]], TileIds(second));
        Assert.Null(PagerLink(second, "next"));
        var back = await client.GetPageAsync(PagerLink(second, "prev")!);
        Assert.Equal([ids[5], ids[4]], TileIds(back));
        Assert.Equal($"/images/{ids[5]}?album={album}", Tile(first, ids[5]).QuerySelector("a.tile-link")!.GetAttribute("href"));
    }

    [Fact]
    public async Task AlbumPage_AndItsViewer_FollowTheGallerysDateTakenOrder_NotTheUploadOrder()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        // Uploaded in id order, taken in another; ids[1] and ids[3] in the same instant (the later id first).
        DateTime[] taken = [new(2019, 3, 1), new(2021, 1, 1), new(2018, 5, 1), new(2021, 1, 1), new(2020, 7, 1)];
        var ids = await ImageSeeder.SeedRecordsAsync(factory, userId, 5, takenAt: i => taken[i]);
        var album = await client.CreateAlbumAsync("Years");
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostSelectionAsync("AddToAlbum", ids, ("target", album.ToString()))).StatusCode);

        var first = await client.GetPageAsync($"/albums/{album}");
        Assert.Equal([ids[3], ids[1]], TileIds(first));
        var second = await client.GetPageAsync(PagerLink(first, "next")!);
        Assert.Equal([ids[4], ids[0]], TileIds(second));
        // Under month headings, as in the gallery.
        Assert.Equal(["January 2021"], first.QuerySelectorAll("#gallery-grid > li.gallery-month").Select(h => h.TextContent.Trim()));
        Assert.Equal(["July 2020", "March 2019"], second.QuerySelectorAll("#gallery-grid > li.gallery-month").Select(h => h.TextContent.Trim()));
        var third = await client.GetPageAsync(PagerLink(second, "next")!);
        Assert.Equal([ids[2]], TileIds(third));
        Assert.Null(PagerLink(third, "next"));
        Assert.Equal([ids[4], ids[0]], TileIds(await client.GetPageAsync(PagerLink(third, "prev")!)));
        // The gallery's own order is the same.
        var gallery = await client.GetPageAsync("/");
        Assert.Equal([ids[3], ids[1]], TileIds(gallery));
        Assert.Equal([ids[4], ids[0]], TileIds(await client.GetPageAsync(PagerLink(gallery, "next")!)));

        // The viewer steps through the album in that order, across the tie.
        var viewer = await client.GetPageAsync($"/images/{ids[1]}?album={album}");
        Assert.Equal($"/images/{ids[3]}?album={album}", viewer.QuerySelector("#viewer-previous")!.GetAttribute("href"));
        Assert.Equal($"/images/{ids[4]}?album={album}", viewer.QuerySelector("#viewer-next")!.GetAttribute("href"));
        var last = await client.GetPageAsync($"/images/{ids[2]}?album={album}");
        Assert.Equal($"/images/{ids[0]}?album={album}", last.QuerySelector("#viewer-previous")!.GetAttribute("href"));
        Assert.Null(last.QuerySelector("#viewer-next"));
        // The album's cover, with none chosen, is its first tile: the newest taken.
        var cover = (await client.GetPageAsync("/albums")).QuerySelector("li.album-tile img")!.GetAttribute("src");
        Assert.Equal(ImgSrc(first, ids[3]), cover);
    }

    [Fact]
    public async Task ImagePage_OpenedFromAnAlbum_StepsThroughTheAlbum_AndAnImageCanBeInManyAlbums()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var ids = await ImageSeeder.SeedRecordsAsync(factory, userId, 4);
        var a = await client.CreateAlbumAsync("A");
        var b = await client.CreateAlbumAsync("B");
        await client.PostSelectionAsync("AddToAlbum", [ids[0], ids[2], ids[3]], ("target", a.ToString()));
        // From the image page's own form.
        var page = await client.GetPageAsync($"/images/{ids[2]}");
        var added = await client.SubmitFormAsync(page, new Dictionary<string, string> { ["target"] = b.ToString() },
            "form.image-album-add", $"/images/{ids[2]}");
        Assert.Equal($"/images/{ids[2]}", added.Headers.Location!.OriginalString);

        var inAlbum = await client.GetPageAsync($"/images/{ids[2]}?album={a}");
        // The viewer's own previous, next and way back follow the album (ids[1] is not in it).
        Assert.Equal($"/images/{ids[3]}?album={a}", inAlbum.QuerySelector("#viewer-previous")!.GetAttribute("href"));
        Assert.Equal($"/images/{ids[0]}?album={a}", inAlbum.QuerySelector("#viewer-next")!.GetAttribute("href"));
        Assert.Equal($"/albums/{a}", inAlbum.QuerySelector("#viewer-grid")!.GetAttribute("href"));
        Assert.Equal(["A", "B"], inAlbum.QuerySelectorAll(".image-album-list li a").Select(x => x.TextContent.Trim()));

        var removed = await client.SubmitFormAsync(inAlbum, new Dictionary<string, string>(),
            $".image-album-list li[data-album-id='{b}'] form", $"/images/{ids[2]}");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(["A"], (await client.GetPageAsync($"/images/{ids[2]}")).QuerySelectorAll(".image-album-list li a").Select(x => x.TextContent.Trim()));
        Assert.Null((await client.GetPageAsync($"/images/{ids[1]}?album={a}")).QuerySelector(".album-steps"));
    }

    [Fact]
    public async Task EveryAlbumRoute_ForSomeoneElsesAlbumOrImage_Returns404_AndChangesNothing()
    {
        var (owner, ownerId) = await PersonAsync(factory);
        using var _ = owner;
        var theirs = await ImageSeeder.SeedRecordsAsync(factory, ownerId, 2);
        var album = await owner.CreateAlbumAsync("Private");
        await owner.PostSelectionAsync("AddToAlbum", [theirs[0]], ("target", album.ToString()));
        var (other, otherId) = await PersonAsync(factory);
        using var __ = other;
        var mine = (await ImageSeeder.SeedRecordsAsync(factory, otherId, 1))[0];
        var myAlbum = await other.CreateAlbumAsync("Mine");

        await other.GetPageAsync($"/albums/{album}", HttpStatusCode.NotFound);
        foreach (var (url, field) in new[] { ("Rename", ("Name", "Stolen")), ("Delete", ("ConfirmDelete", "true")), ("Cover", ("image", theirs[0].ToString())) })
            Assert.Equal(HttpStatusCode.NotFound, (await other.PostFormAsync($"/albums/{album}?handler={url}", field)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostSelectionAsync("AddToAlbum", [mine], ("target", album.ToString()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostSelectionAsync("AddToAlbum", [theirs[1]], ("target", myAlbum.ToString()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostSelectionAsync("RemoveFromAlbum", [theirs[0]], ("album", album.ToString()))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostSelectionAsync("Trash", [theirs[0]])).StatusCode);
        var foreignAlbum = await other.GetPageAsync($"/images/{mine}?album={album}");
        Assert.Null(foreignAlbum.QuerySelector(".album-steps"));
        Assert.DoesNotContain(album.ToString(), foreignAlbum.QuerySelector("#viewer-nav")!.InnerHtml);
        Assert.Empty((await other.GetPageAsync("/albums")).QuerySelectorAll($"li[data-album-id='{album}']"));
        Assert.Empty(TileIds(await other.GetPageAsync($"/albums/{myAlbum}")));

        // Nothing of the owner's changed.
        var page = await owner.GetPageAsync($"/albums/{album}");
        Assert.Equal("Private", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal([theirs[0]], TileIds(page));
        Assert.Equal(ImageStatus.Approved, (await FindAsync(factory, theirs[0]))!.Status);
    }

    [Fact]
    public async Task SelectionForms_WithoutAntiforgery_Return400_AndBadInput_IsSaidNotSkipped()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var ids = await ImageSeeder.SeedRecordsAsync(factory, userId, 1);
        foreach (var handler in new[] { "Trash", "AddToAlbum", "RemoveFromAlbum" })
        {
            var response = await client.Http.PostAsync($"/selection?handler={handler}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["ids"] = ids[0].ToString(), ["newAlbum"] = "x",
            }));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        Assert.Empty((await client.GetPageAsync("/albums")).QuerySelectorAll("li.album-tile"));

        var tooMany = Enumerable.Range(0, 501).Select(_ => Guid.NewGuid());
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostSelectionAsync("Trash", tooMany)).StatusCode);
        Assert.Equal("At most 500 images per request.", (await client.GetPageAsync("/")).QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostSelectionAsync("Trash", [ids[0], Guid.NewGuid()])).StatusCode);
        Assert.Equal(ImageStatus.Approved, (await FindAsync(factory, ids[0]))!.Status);
    }
}

public sealed class SqliteAlbumTests(AlbumPagesFactory factory) : AlbumTests(factory), IClassFixture<AlbumPagesFactory>;

public sealed class PostgresAlbumTests(PostgresAlbumPagesFactory factory) : AlbumTests(factory), IClassFixture<PostgresAlbumPagesFactory>;
