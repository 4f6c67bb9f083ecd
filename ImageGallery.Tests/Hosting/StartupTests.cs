using System.Net;
using System.Text.Json;
using ImageGallery.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace ImageGallery.Tests.Hosting;

public class StartupTests
{
    [Theory]
    [InlineData("Gallery:PageSize", "0", "Gallery:PageSize")]
    [InlineData("Gallery:ViewUrlLifetime", "02:00:00", "Gallery:ViewUrlLifetime")]
    [InlineData("Accounts:MaxFailedAccessAttempts", "0", "Accounts:MaxFailedAccessAttempts")]
    [InlineData("Database:Provider", "SqlServer", "ConnectionStrings:Gallery")]
    [InlineData("Database:Provider", "Postgres", "ConnectionStrings:Gallery")]
    [InlineData("Storage:Provider", "S3", "Storage:S3:BucketName")]
    [InlineData("Gallery:DataDirectory", "", "Gallery:DataDirectory")]
    [InlineData("Gallery:TrustedProxies:0", "the-proxy", "Gallery:TrustedProxies")]
    [InlineData("Redis:Configuration", "127.0.0.1:6379,nosuchoption=1", "Redis:Configuration")]
    [InlineData("Redis:KeyPrefix", "has spaces", "Redis:KeyPrefix")]
    [InlineData("RateLimiting:SignIn:TokenLimit", "0", "RateLimiting:SignIn:TokenLimit")]
    [InlineData("RateLimiting:Storage:TokensPerPeriod", "0", "RateLimiting:Storage:TokensPerPeriod")]
    public void ABadSetting_StopsTheApp_WithAMessageNamingIt(string key, string value, string named)
    {
        using var factory = new GalleryFactory().With(key, value);
        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains(named, error.Message);
    }

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task Health_ReportsTheDatabaseAndStorage(TestDatabase database)
    {
        using var factory = new GalleryFactory(new Dictionary<string, string?>(), database: database);
        var response = await factory.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("storage").GetString());
    }

    [Fact]
    public async Task AnUnknownPage_Is404_WithAFriendlyPage()
    {
        using var factory = new GalleryFactory();
        var response = await factory.CreateClient().GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Not found", (await Html.ParseAsync(response)).QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task AnUnknownApiRoute_AnswersProblemDetails()
    {
        using var factory = new GalleryFactory();
        var response = await factory.CreateClient().GetAsync("/api/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task MigrateCommand_ReportsAnUpToDateDatabase()
    {
        using var factory = new GalleryFactory();
        factory.CreateClient().Dispose();
        var result = await Accounts.AdminBootstrapTests.RunCommandAsync(factory.DataDirectory, "migrate");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("up to date", result.Output);
    }

    [Fact]
    public async Task MigrateCommand_BuildsAFreshDatabase_WhenMigrateOnStartupIsOff()
    {
        var dir = Path.Combine(Path.GetTempPath(), "gallery-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var result = await Accounts.AdminBootstrapTests.RunCommandAsync(dir, "migrate", "--Database:MigrateOnStartup=false");
            Assert.Equal(0, result.ExitCode);
            Assert.Contains("Applied:", result.Output);
            Assert.Contains("_Initial", result.Output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void TheApp_RefusesToStart_OnAnUnmigratedDatabase_WhenMigrateOnStartupIsOff()
    {
        using var factory = new GalleryFactory().With("Database:MigrateOnStartup", "false");
        var error = Assert.Throws<InvalidOperationException>(() => factory.CreateClient());
        Assert.Contains("migrate", error.Message);
    }
}
