using System.Diagnostics;
using System.Net;
using System.Text;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Accounts;
using ImageGallery.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ImageGallery.Web.Moderation;

namespace ImageGallery.Tests.Accounts;

public class AdminBootstrapTests
{
    // Whoever registers a configured address first must not become an admin.
    [Fact]
    public async Task ConfiguredAdminEmail_GetsNoRole_WhenConfirmationIsOff_AtRegistrationOrStartup()
    {
        var email = GalleryClient.NewEmail("boss");
        using var factory = new GalleryFactory().With("Gallery:AdminEmails:0", email.ToUpperInvariant());
        using var squatter = factory.CreateGalleryClient();
        Assert.Equal(HttpStatusCode.Redirect, (await squatter.RegisterAsync(email)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await squatter.Http.GetAsync("/Admin")).StatusCode);
        Assert.False(await IsAdminAsync(factory, email));

        using var restarted = new GalleryFactory(new Dictionary<string, string?> { ["Gallery:AdminEmails:0"] = email },
            factory.DataDirectory);
        Assert.False(await IsAdminAsync(restarted, email));
    }

    [Fact]
    public async Task ConfiguredAdminEmail_GetsTheRole_OnlyOnceConfirmed_AndTheGrantIsAudited()
    {
        var email = GalleryClient.NewEmail("boss");
        using var factory = new GalleryFactory()
            .With("Accounts:RequireConfirmedEmail", "true")
            .With("Gallery:AdminEmails:0", email);
        using var client = factory.CreateGalleryClient();
        var registered = await client.RegisterAsync(email);
        Assert.Contains("RegisterConfirmation", registered.Headers.Location!.OriginalString);
        Assert.False(await IsAdminAsync(factory, email));

        // The page shows no link (anyone could confirm any address with it); the person
        // follows the one an email sender would have sent them.
        var confirmation = await client.GetPageAsync(registered.Headers.Location.OriginalString);
        Assert.Null(confirmation.QuerySelector("#confirm-link"));
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync(await ConfirmationLinkAsync(factory, email))).StatusCode);

        Assert.True(await IsAdminAsync(factory, email));
        var entry = Assert.Single(await AuditAsync(factory, email));
        Assert.Equal((AuditActions.GrantAdmin, AdminRoles.Configuration.Email), (entry.Action, entry.ActorEmail));
    }

    [Fact]
    public async Task ConfiguredAdminEmail_GetsTheRole_AtStartup_OnlyWhenConfirmed()
    {
        var email = GalleryClient.NewEmail("later-boss");
        using var before = new GalleryFactory().With("Accounts:RequireConfirmedEmail", "true");
        using (var client = before.CreateGalleryClient()) await client.RegisterAsync(email);
        var settings = new Dictionary<string, string?>
        {
            ["Accounts:RequireConfirmedEmail"] = "true",
            ["Gallery:AdminEmails:0"] = email,
        };

        using (var unconfirmed = new GalleryFactory(settings, before.DataDirectory))
            Assert.False(await IsAdminAsync(unconfirmed, email));

        await using (var scope = before.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            Assert.True((await users.ConfirmEmailAsync(user, await users.GenerateEmailConfirmationTokenAsync(user))).Succeeded);
        }
        Assert.False(await IsAdminAsync(before, email));    // that instance has no admin emails configured

        using var confirmed = new GalleryFactory(settings, before.DataDirectory);
        Assert.True(await IsAdminAsync(confirmed, email));
        Assert.Equal(AuditActions.GrantAdmin, Assert.Single(await AuditAsync(confirmed, email)).Action);
    }

    [Fact]
    public async Task SignedInNonAdmin_Gets403_OnAdmin_NotARedirect()
    {
        using var factory = new GalleryFactory();
        using var user = await factory.CreateGalleryClient().SignUpAsync();

        var response = await user.Http.GetAsync("/Admin");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Contains("Access denied", page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task Anonymous_IsSentToLogIn_FromAdmin()
    {
        using var factory = new GalleryFactory();
        using var anonymous = factory.CreateGalleryClient();

        var response = await anonymous.Http.GetAsync("/Admin");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Identity/Account/Login", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task AdminCommand_GrantsAndRevokes_TheRole()
    {
        using var factory = new GalleryFactory();
        var email = GalleryClient.NewEmail("promoted");
        using (var client = factory.CreateGalleryClient()) await client.RegisterAsync(email);

        var grant = await RunCommandAsync(factory.DataDirectory, "admin", "grant", email);
        Assert.Equal(0, grant.ExitCode);
        Assert.Contains("is now an admin", grant.Output);
        Assert.True(await IsAdminAsync(factory, email));

        var revoke = await RunCommandAsync(factory.DataDirectory, "admin", "revoke", email);
        Assert.Equal(0, revoke.ExitCode);
        Assert.False(await IsAdminAsync(factory, email));

        var unknown = await RunCommandAsync(factory.DataDirectory, "admin", "grant", "nobody@example.test");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("No registered user", unknown.Output);
    }

    private static async Task<List<AuditEntry>> AuditAsync(GalleryFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GalleryDbContext>();
        return await db.AuditEntries.AsNoTracking().Where(a => a.TargetUserEmail == email).ToListAsync();
    }

    // What Identity UI's Register page puts in its confirmation email.
    private static async Task<string> ConfirmationLinkAsync(GalleryFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException("no such user");
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(user)));
        return $"/Identity/Account/ConfirmEmail?userId={Uri.EscapeDataString(user.Id)}&code={code}";
    }

    private static async Task<bool> IsAdminAsync(GalleryFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException("no such user");
        return await users.IsInRoleAsync(user, Roles.Admin);
    }

    // The command exactly as an operator runs it, in its own process.
    internal static async Task<(int ExitCode, string Output)> RunCommandAsync(string dataDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ImageGallery.Web.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add($"--Gallery:DataDirectory={dataDirectory}");
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
