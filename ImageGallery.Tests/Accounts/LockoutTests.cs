using System.Net;
using ImageGallery.Tests.Infrastructure;

namespace ImageGallery.Tests.Accounts;

public class LockoutFactory : GalleryFactory
{
    public LockoutFactory() : this(TestDatabase.Sqlite) { }

    protected LockoutFactory(TestDatabase database) : base(database) => With("Accounts:MaxFailedAccessAttempts", "3");
}

public sealed class PostgresLockoutFactory() : LockoutFactory(TestDatabase.Postgres);

public abstract class LockoutTests(LockoutFactory factory)
{
    [Fact]
    public async Task Login_LocksTheAccount_AfterTheConfiguredNumberOfFailures()
    {
        using var owner = factory.CreateGalleryClient();
        var email = GalleryClient.NewEmail();
        await owner.RegisterAsync(email);

        using var attacker = factory.CreateGalleryClient();
        for (var i = 0; i < 3; i++)
            await attacker.LoginAsync(email, $"guess number {i}");

        // Even the right password is refused while locked out.
        var response = await attacker.LoginAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Identity/Account/Lockout", response.Headers.Location!.OriginalString);
        Assert.DoesNotContain(email, (await attacker.GetPageAsync("/")).Body!.TextContent);
    }

    [Fact]
    public async Task Login_DoesNotLock_BelowTheLimit()
    {
        using var owner = factory.CreateGalleryClient();
        var email = GalleryClient.NewEmail();
        await owner.RegisterAsync(email);

        using var person = factory.CreateGalleryClient();
        for (var i = 0; i < 2; i++)
            await person.LoginAsync(email, $"typo {i}");

        var response = await person.LoginAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("Lockout", response.Headers.Location!.OriginalString);
    }
}

public sealed class SqliteLockoutTests(LockoutFactory factory) : LockoutTests(factory), IClassFixture<LockoutFactory>;

public sealed class PostgresLockoutTests(PostgresLockoutFactory factory) : LockoutTests(factory), IClassFixture<PostgresLockoutFactory>;
