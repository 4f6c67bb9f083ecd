using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using static ImageGallery.Tests.Gallery.GalleryTestKit;
using static ImageGallery.Tests.Trash.TrashApi;

namespace ImageGallery.Tests.Trash;

// The trash's API and page: what is listed and served, bad ids, antiforgery, isolation.
public abstract class TrashTests(GalleryFactory factory)
{
    [Fact]
    public async Task Delete_MovesToTheTrash_WhereThePageListsIt_WithDaysLeft_AndSaysItStillCounts()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var ids = await ImageSeeder.SeedRecordsAsync(factory, userId, 2);
        await UpdateAsync(factory, ids[0], i => i.FileName = "beach.jpg");

        Assert.Equal(HttpStatusCode.NoContent, (await client.SendWithTokenAsync(HttpMethod.Delete, $"/api/images/{ids[0]}")).StatusCode);

        Assert.Equal([ids[1]], TileIds(await client.GetPageAsync("/")));
        await client.GetPageAsync($"/images/{ids[0]}", HttpStatusCode.NotFound);
        var trash = await client.GetPageAsync("/trash");
        var item = trash.QuerySelector($"li.trash-item[data-image-id='{ids[0]}']")!;
        Assert.Contains("beach.jpg", item.TextContent);
        Assert.Equal("30 days left", item.QuerySelector(".trash-days")!.TextContent.Trim());
        Assert.Contains("/thumb.", item.QuerySelector("img.trash-thumb")!.GetAttribute("src"));
        Assert.Contains("still count toward your storage quota", trash.QuerySelector(".trash-note")!.TextContent);
        Assert.Single(trash.QuerySelectorAll("li.trash-item"));
    }

    [Fact]
    public async Task TrashPage_ShowsTheOwnerTheThumbnailTheTileShowed_AndNothingElseSignsAUrlOfATrashedImage()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var stored = await ImageSeeder.SeedStoredAsync(factory, client.Http, userId);
        var rejected = await ImageSeeder.SeedStoredAsync(factory, client.Http, userId, ImageStatus.Rejected);
        var tileSrc = ImgSrc(await client.GetPageAsync("/"), stored.PublicId);
        Assert.Equal(HttpStatusCode.OK, (await client.TrashAsync([stored.PublicId, rejected.PublicId])).StatusCode);

        // The owner's trash page: the thumbnail the tile showed, served by storage; a
        // rejected image showed its owner nothing in the gallery, and shows nothing here.
        var trash = await client.GetPageAsync("/trash");
        var src = trash.QuerySelector($"li.trash-item[data-image-id='{stored.PublicId}'] img.trash-thumb")!.GetAttribute("src")!;
        Assert.Equal(tileSrc, src);
        Assert.Contains("/thumb.", src);
        Assert.Equal(TestImages.Jpeg, await client.Http.GetByteArrayAsync(src));
        var rejectedItem = trash.QuerySelector($"li.trash-item[data-image-id='{rejected.PublicId}']")!;
        Assert.Null(rejectedItem.QuerySelector("img"));

        // Nowhere else: not the gallery, the image page, its download, or the fresh-URL API.
        Assert.DoesNotContain(stored.PublicId, TileIds(await client.GetPageAsync("/")));
        await client.GetPageAsync($"/images/{stored.PublicId}", HttpStatusCode.NotFound);
        await client.GetPageAsync($"/images/{stored.PublicId}/download", HttpStatusCode.NotFound);
        var fresh = await client.PostJsonAsync("/api/images/urls", new { ids = new[] { stored.PublicId } });
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.All((await fresh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("images").EnumerateArray(), i =>
            Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (i.GetProperty("thumbnail").ValueKind, i.GetProperty("view").ValueKind)));

        // Someone else: an empty trash, and no URL of it from any route.
        var (other, _) = await PersonAsync(factory);
        using var __ = other;
        var theirs = await other.GetPageAsync("/trash");
        Assert.Empty(theirs.QuerySelectorAll("li.trash-item"));
        Assert.DoesNotContain(stored.PublicId.ToString(), theirs.DocumentElement.OuterHtml);
        Assert.DoesNotContain(src, theirs.DocumentElement.OuterHtml);
        var theirFresh = await other.PostJsonAsync("/api/images/urls", new { ids = new[] { stored.PublicId } });
        Assert.Equal(0, (await theirFresh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("images").GetArrayLength());
        await other.GetPageAsync($"/images/{stored.PublicId}", HttpStatusCode.NotFound);

        // Restored, it is back in the gallery with the same thumbnail.
        Assert.Equal(HttpStatusCode.OK, (await client.BulkAsync("/api/trash/restore", [stored.PublicId])).StatusCode);
        Assert.Equal(tileSrc, ImgSrc(await client.GetPageAsync("/"), stored.PublicId));
    }

    [Fact]
    public async Task TrashPage_RestoreAndDeleteForeverForms_Work_AndEmptyNeedsConfirmation()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var ids = await ImageSeeder.SeedRecordsAsync(factory, userId, 3);
        Assert.Equal(HttpStatusCode.OK, (await client.TrashAsync(ids)).StatusCode);

        var page = await client.GetPageAsync("/trash");
        var restore = await client.SubmitFormAsync(page, new Dictionary<string, string>(),
            $"li[data-image-id='{ids[0]}'] form.trash-restore", "/trash");
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        Assert.Equal(ImageStatus.Approved, (await FindAsync(factory, ids[0]))!.Status);

        page = await client.GetPageAsync("/trash");
        Assert.Equal("Restored.", page.QuerySelector("[role=status]")!.TextContent.Trim());
        var forever = await client.SubmitFormAsync(page, new Dictionary<string, string>(),
            $"li[data-image-id='{ids[1]}'] form.trash-delete", "/trash");
        Assert.Equal(HttpStatusCode.Redirect, forever.StatusCode);
        Assert.Null(await FindAsync(factory, ids[1]));

        page = await client.GetPageAsync("/trash");
        var unconfirmed = await client.SubmitFormAsync(page, new Dictionary<string, string>(), "form.trash-empty", "/trash");
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        Assert.Contains("ConfirmEmpty", Html.FieldErrors(await Html.ParseAsync(unconfirmed)).Keys);
        Assert.NotNull(await FindAsync(factory, ids[2]));

        var empty = await client.SubmitFormAsync(page, new Dictionary<string, string> { ["ConfirmEmpty"] = "true" }, "form.trash-empty", "/trash");
        Assert.Equal(HttpStatusCode.Redirect, empty.StatusCode);
        Assert.Null(await FindAsync(factory, ids[2]));
        Assert.Equal("The trash is empty.", (await client.GetPageAsync("/trash")).QuerySelector(".gallery-empty")!.TextContent.Trim());
        var usage = await UsageAsync(factory, userId);
        Assert.Equal((1, usage.RowBytes), (usage.Images, usage.Bytes));
    }

    [Fact]
    public async Task BulkTrash_WithAnUnknownOrForeignId_Returns404NamingIt_AndChangesNothing()
    {
        var (owner, ownerId) = await PersonAsync(factory);
        using var _ = owner;
        var (client, userId) = await PersonAsync(factory);
        using var __ = client;
        var mine = await ImageSeeder.SeedRecordsAsync(factory, userId, 2);
        var theirs = (await ImageSeeder.SeedRecordsAsync(factory, ownerId, 1))[0];
        var unknown = Guid.NewGuid();

        var problem = await ProblemAsync(await client.TrashAsync([mine[0], theirs, mine[1], unknown]), HttpStatusCode.NotFound);

        Assert.Equal(new[] { theirs, unknown }.Order(), ProblemIds(problem).Order());
        Assert.Equal(ImageStatus.Approved, (await FindAsync(factory, mine[0]))!.Status);
        Assert.Equal(ImageStatus.Approved, (await FindAsync(factory, theirs))!.Status);
    }

    [Fact]
    public async Task Bulk_WithMoreThan500Ids_OrNone_Returns400_AndWithoutAntiforgery_Returns400()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var id = (await ImageSeeder.SeedRecordsAsync(factory, userId, 1))[0];
        var tooMany = Enumerable.Range(0, 500).Select(_ => Guid.NewGuid()).Append(id);

        foreach (var url in new[] { "/api/images/trash", "/api/trash/restore", "/api/trash/delete" })
        {
            await ProblemAsync(await client.BulkAsync(url, tooMany), HttpStatusCode.BadRequest);
            await ProblemAsync(await client.BulkAsync(url, []), HttpStatusCode.BadRequest);
            await ProblemAsync(await client.BulkAsync(url, [id], withToken: false), HttpStatusCode.BadRequest);
        }
        Assert.Equal(ImageStatus.Approved, (await FindAsync(factory, id))!.Status);
    }

    [Fact]
    public async Task EveryTrashRoute_ForSomeoneElsesImage_Returns404_AndChangesNothing()
    {
        var (owner, ownerId) = await PersonAsync(factory);
        using var _ = owner;
        var ids = await ImageSeeder.SeedRecordsAsync(factory, ownerId, 2);
        Assert.Equal(HttpStatusCode.OK, (await owner.TrashAsync([ids[1]])).StatusCode);
        var (other, _) = await PersonAsync(factory);
        using var __ = other;
        var token = await other.AntiforgeryTokenAsync();
        var (live, trashed) = (ids[0], ids[1]);

        await ProblemAsync(await other.SendWithTokenAsync(HttpMethod.Delete, $"/api/images/{live}"), HttpStatusCode.NotFound);
        await ProblemAsync(await other.TrashAsync([live]), HttpStatusCode.NotFound);
        await ProblemAsync(await other.SendWithTokenAsync(HttpMethod.Post, $"/api/trash/{trashed}/restore"), HttpStatusCode.NotFound);
        await ProblemAsync(await other.SendWithTokenAsync(HttpMethod.Delete, $"/api/trash/{trashed}"), HttpStatusCode.NotFound);
        await ProblemAsync(await other.BulkAsync("/api/trash/restore", [trashed]), HttpStatusCode.NotFound);
        await ProblemAsync(await other.BulkAsync("/api/trash/delete", [trashed]), HttpStatusCode.NotFound);
        foreach (var handler in new[] { "Restore", "Delete" })
        {
            var response = await other.Http.PostAsync($"/trash?handler={handler}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["ids"] = trashed.ToString(),
            }));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        var undo = await other.Http.PostAsync("/trash?handler=Undo", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["at"] = (await FindAsync(factory, trashed))!.TrashedAt!.Value.Ticks.ToString(),
        }));
        Assert.Equal(HttpStatusCode.Redirect, undo.StatusCode);
        Assert.Empty((await other.GetPageAsync("/trash")).QuerySelectorAll("li.trash-item"));

        Assert.Equal(ImageStatus.Approved, (await FindAsync(factory, live))!.Status);
        Assert.Equal(ImageStatus.Trashed, (await FindAsync(factory, trashed))!.Status);
        // The control: the owner's own requests work.
        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendWithTokenAsync(HttpMethod.Post, $"/api/trash/{trashed}/restore")).StatusCode);
    }

    [Fact]
    public async Task TrashForms_WithoutAntiforgery_Return400_AndChangeNothing()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var id = (await ImageSeeder.SeedRecordsAsync(factory, userId, 1))[0];
        Assert.Equal(HttpStatusCode.OK, (await client.TrashAsync([id])).StatusCode);

        foreach (var handler in new[] { "Restore", "Delete", "Empty" })
        {
            var response = await client.Http.PostAsync($"/trash?handler={handler}", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["ids"] = id.ToString(),
                ["ConfirmEmpty"] = "true",
            }));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
        Assert.Equal(ImageStatus.Trashed, (await FindAsync(factory, id))!.Status);
    }
}

public sealed class SqliteTrashTests(GalleryFactory factory) : TrashTests(factory), IClassFixture<GalleryFactory>;

public sealed class PostgresTrashTests(PostgresGalleryFactory factory) : TrashTests(factory), IClassFixture<PostgresGalleryFactory>;
