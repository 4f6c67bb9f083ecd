using System.Net;
using ImageGallery.Tests.Albums;
using ImageGallery.Tests.Infrastructure;
using static ImageGallery.Tests.Gallery.GalleryTestKit;

namespace ImageGallery.Tests.Search;

// Search by file name, caption and album name, on SQLite (FTS5 trigram) and PostgreSQL
// (pg_trgm), with pages of 2 so the keyset's boundaries (inside a rank and across ranks) show.
public abstract class SearchTests(AlbumPagesFactory factory)
{
    private static List<Guid> Results(AngleSharp.Dom.IDocument doc) => TileIds(doc);

    [Fact]
    public async Task Search_MatchesWordsAnywhere_CaseInsensitive_RankedNameCaptionAlbum_AndPagesAcrossRanks()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var ids = await ImageSeeder.SeedRecordsAsync(factory, userId, 6);
        await UpdateAsync(factory, ids[0], i => i.FileName = "IMG_2019_BEACH.jpg");              // name
        await UpdateAsync(factory, ids[1], i => i.FileName = "sunnybeaches.png");                 // name (substring)
        await UpdateAsync(factory, ids[2], i => i.Caption = "On the Beach at dawn");              // caption
        await UpdateAsync(factory, ids[4], i => i.Caption = "mountains");                         // no match
        var album = await client.CreateAlbumAsync("Beach trip");                                  // album: ids[3], ids[5]
        await client.PostSelectionAsync("AddToAlbum", [ids[3], ids[5], ids[0]], ("target", album.ToString()));

        var first = await client.GetPageAsync("/search?q=BeAcH");
        Assert.Equal([ids[1], ids[0]], Results(first));
        var second = await client.GetPageAsync(PagerLink(first, "next")!);
        Assert.Equal([ids[2], ids[5]], Results(second));
        var third = await client.GetPageAsync(PagerLink(second, "next")!);
        Assert.Equal([ids[3]], Results(third));
        Assert.Null(PagerLink(third, "next"));

        // Every word must match somewhere; one in the name and one in an album name is enough.
        Assert.Equal([ids[0]], Results(await client.GetPageAsync("/search?q=trip+2019")));
        Assert.Empty(Results(await client.GetPageAsync("/search?q=beach+mountains")));
        // Renaming the album re-indexes its images.
        await client.PostFormAsync($"/albums/{album}?handler=Rename", ("Name", "Alps"));
        Assert.Equal([ids[0]], Results(await client.GetPageAsync("/search?q=alps+2019")));
    }

    [Fact]
    public async Task Search_NeverFindsSomeoneElsesImages_NorTrashedOnes_AndShortWordsGetAFieldError()
    {
        var (owner, ownerId) = await PersonAsync(factory);
        using var _ = owner;
        var theirs = (await ImageSeeder.SeedRecordsAsync(factory, ownerId, 1, fileName: "secret-zebra.jpg"))[0];
        var (client, userId) = await PersonAsync(factory);
        using var __ = client;
        var mine = await ImageSeeder.SeedRecordsAsync(factory, userId, 2, fileName: "zebra.jpg");
        Assert.Equal(HttpStatusCode.OK, (await Trash.TrashApi.TrashAsync(client, [mine[0]])).StatusCode);

        Assert.Equal([mine[1]], Results(await client.GetPageAsync("/search?q=zebra")));
        Assert.Equal([theirs], Results(await owner.GetPageAsync("/search?q=zebra")));
        // A cursor naming someone else's image shows nothing of theirs either.
        Assert.Empty(Results(await client.GetPageAsync("/search?q=secret")));

        var shortWord = await client.GetPageAsync("/search?q=ze");
        Assert.Equal("Each word needs at least 3 characters.", Html.FieldErrors(shortWord)["q"]);
        Assert.Null(shortWord.QuerySelector("#gallery-grid"));
    }
}

public sealed class SqliteSearchTests(AlbumPagesFactory factory) : SearchTests(factory), IClassFixture<AlbumPagesFactory>;

public sealed class PostgresSearchTests(PostgresAlbumPagesFactory factory) : SearchTests(factory), IClassFixture<PostgresAlbumPagesFactory>;
