using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using ImageGallery.Web.Moderation;
using ImageGallery.Web.Storage;
using Microsoft.Extensions.DependencyInjection;
using static ImageGallery.Tests.Moderation.AdminForms;

namespace ImageGallery.Tests.Moderation;

public abstract class ReviewActionTests(ModerationFactory factory)
{
    [Fact]
    public async Task Approve_MakesTheImageApproved_AndRecordsWhoDidIt()
    {
        using var owner = await factory.OwnerAsync();
        var id = (await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 1, ImageStatus.AwaitingReview))[0];
        using var admin = await factory.AdminAsync();
        var adminId = await ImageSeeder.UserIdAsync(factory, factory.AdminEmail);

        var url = QueueUrl(owner.Email);
        var response = await RowAsync(admin, await admin.GetPageAsync(url), id, "approve-form", pageUrl: url);

        // Post-redirect-get back to the same filtered view, which no longer lists it.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(Uri.UnescapeDataString(url), Uri.UnescapeDataString(response.Headers.Location!.OriginalString));
        var page = await FollowAsync(admin, response);
        Assert.Equal("Approved 1 image.", StatusMessage(page));
        Assert.Null(page.QuerySelector($"tr[data-image-id='{id}']"));

        var image = await factory.ImageAsync(id);
        Assert.Equal(ImageStatus.Approved, image!.Status);
        Assert.Equal(adminId, image.ReviewedById);
        Assert.NotNull(image.ReviewedAt);
        var entry = Assert.Single(await factory.AuditAsync(q => q.Where(a => a.ImageId == id)));
        Assert.Equal((AuditActions.Approve, adminId, factory.AdminEmail, owner.Id, owner.Email),
            (entry.Action, entry.ActorId, entry.ActorEmail, entry.TargetUserId, entry.TargetUserEmail));
    }

    [Fact]
    public async Task Reject_KeepsTheObjects_StoresTheReason_AndRecordsIt()
    {
        using var owner = await factory.OwnerAsync();
        using var admin = await factory.AdminAsync();
        var image = await ImageSeeder.SeedStoredAsync(factory, admin.Http, owner.Id, ImageStatus.AwaitingReview);

        var url = QueueUrl(owner.Email);
        var response = await RowAsync(admin, await admin.GetPageAsync(url), image.PublicId, "reject-form",
            reason: "  Not a photo of a cat.  ", pageUrl: url);
        Assert.Equal("Rejected 1 image.", StatusMessage(await FollowAsync(admin, response)));

        var after = await factory.ImageAsync(image.PublicId);
        Assert.Equal(ImageStatus.Rejected, after!.Status);
        Assert.Equal("Not a photo of a cat.", after.RejectionReason);
        Assert.NotNull(await StoreAsync().GetInfoAsync(image.ObjectKey, CancellationToken.None));
        var entry = Assert.Single(await factory.AuditAsync(q => q.Where(a => a.ImageId == image.PublicId)));
        Assert.Equal(AuditActions.Reject, entry.Action);
        Assert.Equal(factory.AdminEmail, entry.ActorEmail);
        Assert.Contains("Not a photo of a cat.", entry.Detail);
    }

    [Fact]
    public async Task Reject_WithoutAReason_ShowsAFieldError_AndChangesNothing()
    {
        using var owner = await factory.OwnerAsync();
        var ids = await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 2, ImageStatus.AwaitingReview);
        using var admin = await factory.AdminAsync();
        var url = QueueUrl(owner.Email);

        var row = await RowAsync(admin, await admin.GetPageAsync(url), ids[0], "reject-form", reason: "   ", pageUrl: url);
        Assert.Equal(HttpStatusCode.OK, row.StatusCode);
        var rowPage = await Html.ParseAsync(row);
        var error = Assert.Single(Html.FieldErrors(rowPage));
        Assert.Equal("Input.Reason", error.Key);
        Assert.Contains("reason", error.Value, StringComparison.OrdinalIgnoreCase);
        // Next to the row's own reason field, with the queue still shown.
        Assert.NotNull(rowPage.QuerySelector($"tr[data-image-id='{ids[0]}'] [data-valmsg-for='Input.Reason']"));
        Assert.NotNull(rowPage.QuerySelector($"tr[data-image-id='{ids[1]}']"));

        var bulk = await BulkAsync(admin, await admin.GetPageAsync(url), "Reject", ids, reason: "");
        Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);
        Assert.NotNull((await Html.ParseAsync(bulk)).QuerySelector("form#bulk [data-valmsg-for='Input.Reason']"));

        var detailUrl = $"/Admin/Images/{ids[0]}";
        var detail = await admin.SubmitFormAsync(detailUrl, new Dictionary<string, string> { ["Input.Reason"] = "" }, "form.reject-form");
        Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        Assert.Equal("Input.Reason", Assert.Single(Html.FieldErrors(await Html.ParseAsync(detail))).Key);

        var tooLong = await RowAsync(admin, await admin.GetPageAsync(url), ids[0], "reject-form", reason: new string('x', 501), pageUrl: url);
        Assert.Equal(HttpStatusCode.OK, tooLong.StatusCode);
        Assert.Contains("500", Html.FieldErrors(await Html.ParseAsync(tooLong))["Input.Reason"]);

        foreach (var id in ids)
        {
            var image = await factory.ImageAsync(id);
            Assert.Equal(ImageStatus.AwaitingReview, image!.Status);
            Assert.Null(image.RejectionReason);
        }
        Assert.Empty(await factory.AuditAsync(q => q.Where(a => a.TargetUserId == owner.Id)));
    }

    [Fact]
    public async Task Delete_RemovesTheObjectsAndTheRecord_AndRecordsIt()
    {
        using var owner = await factory.OwnerAsync();
        using var admin = await factory.AdminAsync();
        var image = await ImageSeeder.SeedStoredAsync(factory, admin.Http, owner.Id, ImageStatus.AwaitingReview);

        var url = QueueUrl(owner.Email);
        var response = await RowAsync(admin, await admin.GetPageAsync(url), image.PublicId, "delete-form", pageUrl: url);
        Assert.Equal("Deleted 1 image.", StatusMessage(await FollowAsync(admin, response)));

        Assert.Null(await factory.ImageAsync(image.PublicId));
        Assert.Null(await StoreAsync().GetInfoAsync(image.ObjectKey, CancellationToken.None));
        Assert.Null(await StoreAsync().GetInfoAsync(image.ThumbnailKey!, CancellationToken.None));
        var entry = Assert.Single(await factory.AuditAsync(q => q.Where(a => a.ImageId == image.PublicId)));
        Assert.Equal((AuditActions.Delete, factory.AdminEmail, owner.Email), (entry.Action, entry.ActorEmail, entry.TargetUserEmail));
    }

    [Fact]
    public async Task DetailPage_ApprovesRejectsAndDeletes_OneImage()
    {
        using var owner = await factory.OwnerAsync();
        var id = (await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 1, ImageStatus.AwaitingReview))[0];
        using var admin = await factory.AdminAsync();
        var url = $"/Admin/Images/{id}";

        var approved = await FollowAsync(admin, await admin.SubmitFormAsync(url, new Dictionary<string, string>(), "form.approve-form"));
        Assert.Equal("Approved", approved.QuerySelector(".image-status")!.GetAttribute("data-status"));

        var rejected = await FollowAsync(admin, await admin.SubmitFormAsync(url,
            new Dictionary<string, string> { ["Input.Reason"] = "Blurry." }, "form.reject-form"));
        Assert.Equal("Rejected", rejected.QuerySelector(".image-status")!.GetAttribute("data-status"));
        Assert.Equal("Blurry.", rejected.QuerySelector(".image-reason")!.TextContent);

        var deleted = await admin.SubmitFormAsync(url, new Dictionary<string, string> { ["Input.Confirm"] = "true" }, "form.delete-form");
        Assert.Equal("/Admin", deleted.Headers.Location!.OriginalString);
        Assert.Null(await factory.ImageAsync(id));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.Http.GetAsync(url)).StatusCode);

        var actions = (await factory.AuditAsync(q => q.Where(a => a.ImageId == id))).Select(a => a.Action);
        Assert.Equal([AuditActions.Approve, AuditActions.Reject, AuditActions.Delete], actions);
    }

    [Fact]
    public async Task DetailPage_DeleteWithoutTheConfirmationTicked_ShowsAFieldError_AndKeepsTheImage()
    {
        using var owner = await factory.OwnerAsync();
        using var admin = await factory.AdminAsync();
        var image = await ImageSeeder.SeedStoredAsync(factory, admin.Http, owner.Id, ImageStatus.AwaitingReview);
        var url = $"/Admin/Images/{image.PublicId}";

        var page = await admin.GetPageAsync(url);
        var box = page.QuerySelector("form.delete-form input[type=checkbox][name='Input.Confirm']");
        Assert.NotNull(box);
        Assert.False(box.HasAttribute("checked"));
        Assert.True(box.HasAttribute("required"));

        // The form as it stands, box unticked: only the hidden "false" is sent.
        var response = await admin.SubmitFormAsync(page, new Dictionary<string, string>(), "form.delete-form", url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var again = await Html.ParseAsync(response);
        var error = Assert.Single(Html.FieldErrors(again));
        Assert.Equal("Input.Confirm", error.Key);
        Assert.Contains("confirm", error.Value, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(again.QuerySelector("form.delete-form [data-valmsg-for='Input.Confirm']"));
        Assert.Equal("AwaitingReview", again.QuerySelector(".image-status")!.GetAttribute("data-status"));

        Assert.NotNull(await factory.ImageAsync(image.PublicId));
        Assert.NotNull(await StoreAsync().GetInfoAsync(image.ObjectKey, CancellationToken.None));
        Assert.NotNull(await StoreAsync().GetInfoAsync(image.ThumbnailKey!, CancellationToken.None));
        Assert.Empty(await factory.AuditAsync(q => q.Where(a => a.ImageId == image.PublicId)));
    }

    [Fact]
    public async Task BulkActions_ActOnTheSelectionOnly_WithOneEntryPerImage()
    {
        using var owner = await factory.OwnerAsync();
        var ids = await ImageSeeder.SeedRecordsAsync(factory, owner.Id, 7, ImageStatus.AwaitingReview);
        using var admin = await factory.AdminAsync();
        var url = QueueUrl(owner.Email);

        var approve = await BulkAsync(admin, await admin.GetPageAsync(url), "Approve", ids[..2]);
        Assert.Equal("Approved 2 images.", StatusMessage(await FollowAsync(admin, approve)));
        var reject = await BulkAsync(admin, await admin.GetPageAsync(url), "Reject", ids[2..4], reason: "Duplicates.");
        Assert.Equal("Rejected 2 images.", StatusMessage(await FollowAsync(admin, reject)));
        var delete = await BulkAsync(admin, await admin.GetPageAsync(url), "Delete", ids[4..6]);
        Assert.Equal("Deleted 2 images.", StatusMessage(await FollowAsync(admin, delete)));

        Assert.All(ids[..2], id => Assert.Equal(ImageStatus.Approved, factory.ImageAsync(id).Result!.Status));
        Assert.All(ids[2..4], id => Assert.Equal("Duplicates.", factory.ImageAsync(id).Result!.RejectionReason));
        Assert.All(ids[4..6], id => Assert.Null(factory.ImageAsync(id).Result));
        Assert.Equal(ImageStatus.AwaitingReview, (await factory.ImageAsync(ids[6]))!.Status);

        var entries = await factory.AuditAsync(q => q.Where(a => a.TargetUserId == owner.Id));
        Assert.Equal(6, entries.Count);
        Assert.Equal(ids[..6].Order(), entries.Select(e => e.ImageId!.Value).Order());
        Assert.Equal(2, entries.Count(e => e.Action == AuditActions.Approve));
        Assert.Equal(2, entries.Count(e => e.Action == AuditActions.Reject && e.Detail!.Contains("Duplicates.")));
        Assert.Equal(2, entries.Count(e => e.Action == AuditActions.Delete));
        Assert.All(entries, e => Assert.Equal(factory.AdminEmail, e.ActorEmail));
    }

    private IObjectStore StoreAsync() => factory.Services.GetRequiredService<IObjectStore>();
}

public sealed class SqliteReviewActionTests(ModerationFactory factory) : ReviewActionTests(factory), IClassFixture<ModerationFactory>;

public sealed class PostgresReviewActionTests(PostgresModerationFactory factory) : ReviewActionTests(factory), IClassFixture<PostgresModerationFactory>;
