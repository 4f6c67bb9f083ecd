using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Moderation;
using static ImageGallery.Tests.Moderation.AdminForms;

namespace ImageGallery.Tests.Moderation;

public abstract class AuditLogTests(SmallPagesFactory factory)
{
    [Fact]
    public async Task AuditPage_ListsNewestFirst_FiltersByActionAndEmail_AndPagesByKeyset()
    {
        using var owner = await factory.OwnerAsync();
        var ids = await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 5, ImageStatus.AwaitingReview);
        using var admin = await factory.AdminAsync();
        var queue = QueueUrl(owner.Email);
        await BulkAsync(admin, await admin.GetPageAsync(queue), "Approve", ids[..3]);
        await RowAsync(admin, await admin.GetPageAsync(queue), ids[3], "reject-form", "Off topic.", queue);
        await RowAsync(admin, await admin.GetPageAsync(queue), ids[4], "delete-form", pageUrl: queue);

        var mine = $"/Admin/Audit?email={Uri.EscapeDataString(owner.Email.ToUpperInvariant())}";
        var first = await admin.GetPageAsync(mine);
        Assert.Equal([AuditActions.Delete, AuditActions.Reject, AuditActions.Approve], Actions(first));
        Assert.Equal(ids[4].ToString(), first.QuerySelector("tr.audit-entry")!.GetAttribute("data-image-id"));
        Assert.All(first.QuerySelectorAll(".audit-actor"), a => Assert.Equal(factory.AdminEmail, a.TextContent));
        var second = await admin.GetPageAsync(first.QuerySelector("a[rel=next]")!.GetAttribute("href")!);
        Assert.Equal([AuditActions.Approve, AuditActions.Approve], Actions(second));
        Assert.Null(second.QuerySelector("a[rel=next]"));

        var rejects = await admin.GetPageAsync($"{mine}&act=Reject");
        Assert.Equal([AuditActions.Reject], Actions(rejects));
        Assert.Contains("Off topic.", rejects.QuerySelector(".audit-detail")!.TextContent);

        // The admin's email finds the admin's entries too.
        var byActor = await admin.GetPageAsync($"/Admin/Audit?act=Delete&email={Uri.EscapeDataString(factory.AdminEmail)}");
        Assert.Contains(ids[4].ToString(), byActor.QuerySelectorAll("tr.audit-entry").Select(r => r.GetAttribute("data-image-id")));
    }

    [Fact]
    public async Task AuditEntries_OutliveTheImageAndTheUser()
    {
        using var owner = await factory.OwnerAsync();
        var ids = await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 2, ImageStatus.AwaitingReview);
        using var admin = await factory.AdminAsync();
        var queue = QueueUrl(owner.Email);
        await RowAsync(admin, await admin.GetPageAsync(queue), ids[0], "reject-form", "Not allowed.", queue);
        await RowAsync(admin, await admin.GetPageAsync(queue), ids[1], "delete-form", pageUrl: queue);

        // The person deletes their own account (and with it the rejected image).
        var gone = await owner.Client.SubmitFormAsync("/Identity/Account/Manage/DeletePersonalData",
            new Dictionary<string, string> { ["Input.Password"] = GalleryClient.Password }, "form#delete-user");
        Assert.Equal(HttpStatusCode.Redirect, gone.StatusCode);
        Assert.Null(await factory.ImageAsync(ids[0]));

        var entries = await factory.AuditAsync(q => q.Where(a => a.TargetUserId == owner.Id));
        // The account's deletion is itself recorded, by the person who did it.
        Assert.Equal([AuditActions.Reject, AuditActions.Delete, AuditActions.DeleteAccount], entries.Select(e => e.Action));
        var page = await admin.GetPageAsync($"/Admin/Audit?email={Uri.EscapeDataString(owner.Email)}");
        Assert.Equal(3, page.QuerySelectorAll("tr.audit-entry").Length);
        Assert.All(page.QuerySelectorAll(".audit-target"), t => Assert.Equal(owner.Email, t.TextContent));
    }

    private static List<string> Actions(AngleSharp.Dom.IDocument page) =>
        page.QuerySelectorAll("tr.audit-entry").Select(r => r.GetAttribute("data-action")!).ToList();
}

public sealed class SqliteAuditLogTests(SmallPagesFactory factory) : AuditLogTests(factory), IClassFixture<SmallPagesFactory>;

public sealed class PostgresAuditLogTests(PostgresSmallPagesFactory factory) : AuditLogTests(factory), IClassFixture<PostgresSmallPagesFactory>;
