using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Storage;
using Microsoft.Extensions.DependencyInjection;
using static ImageGallery.Tests.Gallery.GalleryTestKit;

namespace ImageGallery.Tests.Gallery;

public abstract class ImagePageTests(GalleryFactory factory)
{
    [Fact]
    public async Task Get_ImagePage_ShowsTheOriginal_AndItsFacts()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var image = await ImageSeeder.SeedStoredAsync(factory, client.Http, userId, fileName: "beach day.jpg");

        var doc = await client.GetPageAsync($"/images/{image.PublicId}");
        Assert.Equal("beach day.jpg", doc.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("5.2 KB", doc.QuerySelector(".image-size")!.TextContent.Trim());
        Assert.Equal("image/jpeg", doc.QuerySelector(".image-type")!.TextContent.Trim());
        Assert.Equal("640 × 480 pixels", doc.QuerySelector(".image-dimensions")!.TextContent.Trim());
        Assert.Equal("Approved", doc.QuerySelector(".image-status")!.TextContent.Trim());
        Assert.NotNull(doc.QuerySelector("time[datetime]"));

        var src = doc.QuerySelector(".image-original img")!.GetAttribute("src")!;
        Assert.Contains($"users/{userId}/{image.PublicId}/original.jpg?", src);
        var original = await TestImages.GetAsync(client.Http, new Uri(src, UriKind.RelativeOrAbsolute));
        Assert.Equal(HttpStatusCode.OK, original.StatusCode);
        Assert.Equal(TestImages.Jpeg, await original.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_Download_RedirectsToASignedAttachmentUrl()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var image = await ImageSeeder.SeedStoredAsync(factory, client.Http, userId, fileName: "café.jpg");

        var doc = await client.GetPageAsync($"/images/{image.PublicId}");
        var link = doc.QuerySelector("a.image-download")!.GetAttribute("href")!;
        Assert.Equal($"/images/{image.PublicId}/download", link);
        var redirect = await client.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);

        var file = await TestImages.GetAsync(client.Http, redirect.Headers.Location!);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("café.jpg", file.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal(TestImages.Jpeg, await file.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Post_Caption_SavesIt_ThenRedirectsWithAStatusMessage()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var id = (await ImageSeeder.SeedRecordsAsync(factory, userId, 1))[0];
        var url = $"/images/{id}";

        var response = await client.SubmitFormAsync(url, new Dictionary<string, string> { ["Input.Caption"] = "  Sunset at the pier  " }, "form.caption-form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(url, response.Headers.Location!.OriginalString);
        Assert.Equal("Sunset at the pier", (await FindAsync(factory, id))!.Caption);

        var doc = await client.GetPageAsync(url);
        Assert.Equal("Caption saved.", doc.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.Equal("Sunset at the pier", doc.QuerySelector("figcaption")!.TextContent.Trim());
        Assert.Equal("Sunset at the pier", doc.QuerySelector("input[name='Input.Caption']")!.GetAttribute("value"));
        Assert.Equal("Sunset at the pier", Tile(await client.GetPageAsync("/"), id).QuerySelector("img")!.GetAttribute("alt"));

        var cleared = await client.SubmitFormAsync(url, new Dictionary<string, string> { ["Input.Caption"] = " " }, "form.caption-form");
        Assert.Equal(HttpStatusCode.Redirect, cleared.StatusCode);
        Assert.Null((await FindAsync(factory, id))!.Caption);
    }

    [Fact]
    public async Task Post_Caption_TooLong_ShowsAFieldError_AndChangesNothing()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var id = (await ImageSeeder.SeedRecordsAsync(factory, userId, 1))[0];
        await UpdateAsync(factory, id, i => i.Caption = "Before");

        var response = await client.SubmitFormAsync($"/images/{id}",
            new Dictionary<string, string> { ["Input.Caption"] = new string('x', 501) }, "form.caption-form");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var doc = await Html.ParseAsync(response);
        Assert.Contains("500", Html.FieldErrors(doc)["Input.Caption"]);
        Assert.Equal("Before", (await FindAsync(factory, id))!.Caption);
        Assert.Equal("photo.jpg", doc.QuerySelector("h1")!.TextContent.Trim());
    }

    [Fact]
    public async Task Get_ImagePage_RendersAHostileCaption_Escaped()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        const string caption = "\"><script>alert('x')</script><img src=x onerror=alert(1)>";
        var id = (await ImageSeeder.SeedRecordsAsync(factory, userId, 1))[0];
        var saved = await client.SubmitFormAsync($"/images/{id}", new Dictionary<string, string> { ["Input.Caption"] = caption }, "form.caption-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var response = await client.Http.GetAsync($"/images/{id}");
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img src=x", html);
        var doc = await Html.ParseAsync(response);
        Assert.Equal(caption, doc.QuerySelector("figcaption")!.TextContent.Trim());
        Assert.Equal(caption, doc.QuerySelector(".image-original img")!.GetAttribute("alt"));
        Assert.Equal(caption, doc.QuerySelector("input[name='Input.Caption']")!.GetAttribute("value"));
        Assert.Empty(doc.QuerySelectorAll("main script"));
    }

    [Fact]
    public async Task Post_Delete_AfterConfirmation_RemovesRecordAndObjects()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var image = await ImageSeeder.SeedStoredAsync(factory, client.Http, userId);

        var page = await client.GetPageAsync($"/images/{image.PublicId}");
        var confirmUrl = page.QuerySelector("a.image-delete")!.GetAttribute("href")!;
        Assert.Equal($"/images/{image.PublicId}/delete", confirmUrl);
        var confirm = await client.GetPageAsync(confirmUrl);
        Assert.NotNull(confirm.QuerySelector("form.delete-form input[name=__RequestVerificationToken]"));
        Assert.NotNull(await FindAsync(factory, image.PublicId));

        var response = await client.SubmitFormAsync(confirm, new Dictionary<string, string>(), "form.delete-form", confirmUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        Assert.Null(await FindAsync(factory, image.PublicId));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<IObjectStore>();
            Assert.Null(await store.GetInfoAsync(image.ObjectKey, CancellationToken.None));
            Assert.Null(await store.GetInfoAsync(image.ThumbnailKey!, CancellationToken.None));
        }

        var gallery = await client.GetPageAsync("/");
        Assert.Equal("The image was deleted.", gallery.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.DoesNotContain(image.PublicId, TileIds(gallery));
        await client.GetPageAsync($"/images/{image.PublicId}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Post_Delete_WithoutAntiforgeryToken_Returns400_AndKeepsTheImage()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var id = (await ImageSeeder.SeedRecordsAsync(factory, userId, 1))[0];

        var response = await client.Http.PostAsync($"/images/{id}/delete", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(await FindAsync(factory, id));
    }

    [Fact]
    public async Task Get_ImagePage_Anonymous_RedirectsToLogin()
    {
        var (owner, userId) = await PersonAsync(factory);
        using var _ = owner;
        var id = (await ImageSeeder.SeedRecordsAsync(factory, userId, 1))[0];
        using var anonymous = factory.CreateGalleryClient();

        foreach (var url in new[] { $"/images/{id}", $"/images/{id}/delete", $"/images/{id}/download" })
        {
            var response = await anonymous.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/Identity/Account/Login", response.Headers.Location!.AbsolutePath);
        }
    }

    [Fact]
    public async Task Get_ImagePage_ForAPendingOrMissingImage_Returns404WithTheFriendlyPage()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var pending = (await ImageSeeder.SeedRecordsAsync(factory, userId, 1, ImageStatus.Pending))[0];

        foreach (var id in new[] { pending, Guid.NewGuid() })
        {
            var doc = await client.GetPageAsync($"/images/{id}", HttpStatusCode.NotFound);
            Assert.Equal("Not found", doc.QuerySelector("h1")!.TextContent.Trim());
            await client.GetPageAsync($"/images/{id}/delete", HttpStatusCode.NotFound);
            await client.GetPageAsync($"/images/{id}/download", HttpStatusCode.NotFound);
        }
        await client.GetPageAsync("/images/not-a-guid", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_ImagePage_ForARejectedImage_ShowsTheReason_ButNotTheOriginal()
    {
        var (client, userId) = await PersonAsync(factory);
        using var _ = client;
        var id = (await ImageSeeder.SeedRecordsAsync(factory, userId, 1, ImageStatus.Rejected))[0];
        await UpdateAsync(factory, id, i => i.RejectionReason = "Contains a face");

        var doc = await client.GetPageAsync($"/images/{id}");
        Assert.Equal("Rejected", doc.QuerySelector(".image-status")!.TextContent.Trim());
        Assert.Equal("Contains a face", doc.QuerySelector(".image-rejection")!.TextContent.Trim());
        Assert.Null(doc.QuerySelector(".image-original img"));
        Assert.Null(doc.QuerySelector("a.image-download"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.Http.GetAsync($"/images/{id}/download")).StatusCode);
    }
}

public sealed class SqliteImagePageTests(GalleryFactory factory) : ImagePageTests(factory), IClassFixture<GalleryFactory>;

public sealed class PostgresImagePageTests(PostgresGalleryFactory factory) : ImagePageTests(factory), IClassFixture<PostgresGalleryFactory>;
