using System.Net;
using AngleSharp.Dom;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ImageGallery.Tests.Moderation;

// The app with one admin, registered once and granted as an operator would; every test signs it in with
// its own client and makes its own owners and images.
public class ModerationFactory : GalleryFactory, IAsyncLifetime
{
    public string AdminEmail { get; } = GalleryClient.NewEmail("admin");

    public ModerationFactory() : this(TestDatabase.Sqlite) { }

    protected ModerationFactory(TestDatabase database) : base(database) { }

    public async Task InitializeAsync()
    {
        using var client = CreateGalleryClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.RegisterAsync(AdminEmail)).StatusCode);
        await GrantAdminAsync(AdminEmail);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    public async Task<GalleryClient> AdminAsync()
    {
        var client = CreateGalleryClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.LoginAsync(AdminEmail)).StatusCode);
        return client;
    }

    // A fresh, signed-in person with an id, to own images.
    public async Task<Owner> OwnerAsync(string prefix = "owner")
    {
        var client = await CreateGalleryClient().SignUpAsync(prefix);
        return new Owner(client, client.Email!, await ImageSeeder.UserIdAsync(this, client.Email!));
    }

    public async Task<Image?> ImageAsync(Guid id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GalleryDbContext>().Images.AsNoTracking()
            .SingleOrDefaultAsync(i => i.PublicId == id);
    }

    public async Task<List<AuditEntry>> AuditAsync(Func<IQueryable<AuditEntry>, IQueryable<AuditEntry>> filter)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
        return await filter(db.AuditEntries.AsNoTracking()).OrderBy(a => a.Id).ToListAsync();
    }

    public async Task<AppUser> UserAsync(string id)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GalleryDbContext>().Users.AsNoTracking()
            .SingleAsync(u => u.Id == id);
    }
}

public sealed class PostgresModerationFactory() : ModerationFactory(TestDatabase.Postgres);

public sealed record Owner(GalleryClient Client, string Email, string Id) : IDisposable
{
    public void Dispose() => Client.Dispose();
}

// The admin pages' forms, driven as a person would: open the page, fill a row's form
// or tick boxes in the bulk form, press a button.
public static class AdminForms
{
    public static string QueueUrl(string ownerEmail, string status = "awaiting") =>
        $"/Admin?status={status}&user={Uri.EscapeDataString(ownerEmail)}";

    public static Task<HttpResponseMessage> RowAsync(GalleryClient admin, IDocument queue, Guid id, string form,
        string? reason = null, string pageUrl = "/Admin")
    {
        var values = new Dictionary<string, string>();
        if (reason is not null) values["Input.Reason"] = reason;
        return admin.SubmitFormAsync(queue, values, $"tr[data-image-id='{id}'] form.{form}", pageUrl);
    }

    // Ticks the boxes of the given rows and presses the bulk button for the handler.
    public static async Task<HttpResponseMessage> BulkAsync(GalleryClient admin, IDocument queue, string handler,
        IEnumerable<Guid> ids, string? reason = null)
    {
        var fields = Html.FormValues(queue, "form#bulk").ToList();
        fields.RemoveAll(f => f.Key == "Input.Reason");
        fields.Add(new("Input.Reason", reason ?? ""));
        foreach (var id in ids)
        {
            var box = queue.QuerySelector($"input[type=checkbox][form=bulk][value='{id}']")
                      ?? throw new InvalidOperationException($"No checkbox for {id} on the page.");
            fields.Add(new(box.GetAttribute("name")!, box.GetAttribute("value")!));
        }
        var button = queue.QuerySelectorAll("form#bulk button")
            .Single(b => b.GetAttribute("formaction")!.Contains($"handler={handler}", StringComparison.Ordinal));
        return await admin.Http.PostAsync(button.GetAttribute("formaction"), new FormUrlEncodedContent(fields));
    }

    public static async Task<IDocument> FollowAsync(GalleryClient client, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await client.GetPageAsync(response.Headers.Location!.OriginalString);
    }

    public static string? StatusMessage(IDocument doc) => doc.QuerySelector(".status-message")?.TextContent.Trim();
}
