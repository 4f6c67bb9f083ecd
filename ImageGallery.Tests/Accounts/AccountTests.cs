using System.Net;
using ImageGallery.Tests.Infrastructure;

namespace ImageGallery.Tests.Accounts;

public abstract class AccountTests(GalleryFactory factory)
{
    [Fact]
    public async Task Register_ThenLogOut_ThenLogIn_ThroughTheRealForms()
    {
        using var client = factory.CreateGalleryClient();
        var email = GalleryClient.NewEmail();

        var registered = await client.RegisterAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var gallery = await client.GetPageAsync("/");
        Assert.Contains(email, gallery.QuerySelector("nav")!.TextContent);

        var logout = await client.SubmitFormAsync(gallery, new Dictionary<string, string>(),
            "form[action*='Logout']", "/");
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        var anonymous = await client.GetPageAsync("/");
        Assert.DoesNotContain(email, anonymous.Body!.TextContent);
        Assert.NotNull(anonymous.QuerySelector("a[href*='/Identity/Account/Login']"));

        var login = await client.LoginAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains(email, (await client.GetPageAsync("/")).QuerySelector("nav")!.TextContent);
    }

    [Fact]
    public async Task Register_WithBadInput_ShowsFieldErrors_AndCreatesNoAccount()
    {
        using var client = factory.CreateGalleryClient();
        var response = await client.SubmitFormAsync("/Identity/Account/Register", new Dictionary<string, string>
        {
            ["Input.Email"] = "not-an-email",
            ["Input.Password"] = "short",
            ["Input.ConfirmPassword"] = "different",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = Html.FieldErrors(await Html.ParseAsync(response));
        Assert.Contains("Input.Email", errors.Keys);
        Assert.Contains("Input.Password", errors.Keys);
        Assert.Contains("Input.ConfirmPassword", errors.Keys);

        var login = await client.LoginAsync("not-an-email", "short");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task Register_WithAnEightCharacterPassword_IsAccepted_WithoutSymbolRules()
    {
        using var client = factory.CreateGalleryClient();
        var response = await client.RegisterAsync(GalleryClient.NewEmail(), "plainpass");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Register_WithATakenEmail_ShowsAnError()
    {
        using var first = factory.CreateGalleryClient();
        var email = GalleryClient.NewEmail();
        Assert.Equal(HttpStatusCode.Redirect, (await first.RegisterAsync(email)).StatusCode);

        using var second = factory.CreateGalleryClient();
        var response = await second.RegisterAsync(email);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("already taken", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Login_WithAWrongPassword_StaysOnTheForm()
    {
        using var client = factory.CreateGalleryClient();
        var email = GalleryClient.NewEmail();
        await client.RegisterAsync(email);
        using var other = factory.CreateGalleryClient();

        var response = await other.LoginAsync(email, "wrong password!");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Invalid login attempt", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ChangePassword_ThenTheNewPasswordLogsIn()
    {
        using var client = factory.CreateGalleryClient();
        var email = GalleryClient.NewEmail();
        await client.RegisterAsync(email);

        var change = await client.SubmitFormAsync("/Identity/Account/Manage/ChangePassword", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = GalleryClient.Password,
            ["Input.NewPassword"] = "a brand new passphrase",
            ["Input.ConfirmPassword"] = "a brand new passphrase",
        });
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);

        using var fresh = factory.CreateGalleryClient();
        Assert.Equal(HttpStatusCode.OK, (await fresh.LoginAsync(email)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await fresh.LoginAsync(email, "a brand new passphrase")).StatusCode);
    }

    [Fact]
    public async Task Logout_ByGet_DoesNotSignOut()
    {
        using var client = await factory.CreateGalleryClient().SignUpAsync();
        await client.Http.GetAsync("/Identity/Account/Logout");
        Assert.Contains(client.Email!, (await client.GetPageAsync("/")).QuerySelector("nav")!.TextContent);
    }

    [Fact]
    public async Task Register_WithoutAntiforgeryToken_IsRefused()
    {
        using var client = factory.CreateGalleryClient();
        var response = await client.Http.PostAsync("/Identity/Account/Register", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = GalleryClient.NewEmail(),
            ["Input.Password"] = GalleryClient.Password,
            ["Input.ConfirmPassword"] = GalleryClient.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}

public sealed class SqliteAccountTests(GalleryFactory factory) : AccountTests(factory), IClassFixture<GalleryFactory>;

public sealed class PostgresAccountTests(PostgresGalleryFactory factory) : AccountTests(factory), IClassFixture<PostgresGalleryFactory>;
