using ImageGallery.Tests.Accounts;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Moderation;

namespace ImageGallery.Tests.Moderation;

public class AdminCommandAuditTests
{
    [Fact]
    public async Task AdminCommand_GrantAndRevoke_AreInTheAuditLog()
    {
        using var factory = new ModerationFactory();
        await factory.InitializeAsync();
        using var person = await factory.OwnerAsync("promoted");

        Assert.Equal(0, (await AdminBootstrapTests.RunCommandAsync(factory.DataDirectory, "admin", "grant", person.Email)).ExitCode);
        Assert.Equal(0, (await AdminBootstrapTests.RunCommandAsync(factory.DataDirectory, "admin", "revoke", person.Email)).ExitCode);

        var entries = await factory.AuditAsync(q => q.Where(a => a.TargetUserId == person.Id));
        Assert.Equal([AuditActions.GrantAdmin, AuditActions.RevokeAdmin], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal((Actor.CommandLine.Email, person.Email), (e.ActorEmail, e.TargetUserEmail)));

        using var admin = await factory.AdminAsync();
        var page = await admin.GetPageAsync($"/Admin/Audit?act=GrantAdmin&email={Uri.EscapeDataString(person.Email)}");
        Assert.Equal("(command line)", Assert.Single(page.QuerySelectorAll(".audit-actor")).TextContent);
    }
}
