using System.Diagnostics;
using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Accounts;
using ImageGallery.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ImageGallery.Tests.Accounts;

public class AdminBootstrapTests
{
    [Fact]
    public async Task ConfiguredAdminEmail_GetsTheRole_WhenItRegisters()
    {
        var email = GalleryClient.NewEmail("boss");
        using var factory = new GalleryFactory().With("Gallery:AdminEmails:0", email.ToUpperInvariant());
        using var admin = factory.CreateGalleryClient();
        await admin.RegisterAsync(email);

        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/Admin")).StatusCode);
        Assert.True(await IsAdminAsync(factory, email));
    }

    [Fact]
    public async Task ConfiguredAdminEmail_GetsTheRole_AtStartup_WhenAlreadyRegistered()
    {
        var email = GalleryClient.NewEmail("later-boss");
        using (var before = new GalleryFactory())
        {
            using var client = before.CreateGalleryClient();
            await client.RegisterAsync(email);
            Assert.False(await IsAdminAsync(before, email));

            using var after = new GalleryFactory(new Dictionary<string, string?> { ["Gallery:AdminEmails:0"] = email },
                before.DataDirectory);
            Assert.True(await IsAdminAsync(after, email));
        }
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
