using System.Net;
using ImageGallery.Tests.Infrastructure;
using ImageGallery.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static ImageGallery.Tests.Uploads.UploadApi;

namespace ImageGallery.Tests.Accounts;

// A sign-in lockout (anyone can cause one by typing your email) is not an admin's
// lock: it stops new sign-ins, never a session that is already signed in.
public abstract class SessionLockTests<TFactory>(TFactory factory) : IClassFixture<TFactory>
    where TFactory : GalleryFactory
{
    // Three failures lock sign-in; the stamp is checked on every request, so a session
    // that survives here survives any interval.
    internal static void Configure(GalleryFactory f) => f
        .With("Accounts:MaxFailedAccessAttempts", "3")
        .WithServices(s => s.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));

    [Fact]
    public async Task StrangersFailedSignIns_LockNewSignIns_ButTheOwnersSessionKeepsUploading()
    {
        using var owner = await factory.CreateGalleryClient().SignUpAsync("owner");
        var first = await owner.PresignOkAsync(Request());
        await owner.UploadOkAsync(first.Upload, TestImages.Jpeg, "image/jpeg");

        using var stranger = factory.CreateGalleryClient();
        for (var i = 0; i < 3; i++) await stranger.LoginAsync(owner.Email!, $"guess {i}");
        var login = await stranger.LoginAsync(owner.Email!);
        Assert.Equal("/Identity/Account/Lockout", login.Headers.Location?.OriginalString);

        Assert.Contains(owner.Email!, (await owner.GetPageAsync("/")).Body!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await owner.CompleteAsync(first.Id)).StatusCode);
        var second = await owner.PresignOkAsync(Request());
        await owner.UploadOkAsync(second.Upload, TestImages.Jpeg, "image/jpeg");
        Assert.Equal(HttpStatusCode.OK, (await owner.CompleteAsync(second.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteImageAsync(second.Id)).StatusCode);
    }

    [Fact]
    public async Task AdminLock_EndsTheOwnersSession_AtTheNextStampCheck()
    {
        using var owner = await factory.CreateGalleryClient().SignUpAsync("owner");
        var presign = await owner.PresignOkAsync(Request());
        await owner.UploadOkAsync(presign.Upload, TestImages.Jpeg, "image/jpeg");

        using var admin = await factory.CreateGalleryClient().SignUpAsync("admin");
        await factory.GrantAdminAsync(admin.Email!);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.LoginAsync(admin.Email!)).StatusCode);
        var ownerId = await ImageSeeder.UserIdAsync(factory, owner.Email!);
        var locked = await admin.SubmitFormAsync($"/Admin/Users/{ownerId}", new Dictionary<string, string>(), "form.lock-form");
        Assert.Equal(HttpStatusCode.Redirect, locked.StatusCode);

        // Signed out: the gallery page carries no token any more, and the API says 401.
        Assert.Equal(HttpStatusCode.Unauthorized, (await owner.CompleteAsync(presign.Id, withToken: false)).StatusCode);
        Assert.DoesNotContain(owner.Email!, (await owner.GetPageAsync("/")).Body!.TextContent);
        Assert.Equal(ImageStatus.Pending, (await FindImageAsync(factory, presign.Id))!.Status);
        Assert.Equal("/Identity/Account/Lockout", (await owner.LoginAsync(owner.Email!)).Headers.Location?.OriginalString);
    }
}

public sealed class SessionLockFactory : GalleryFactory
{
    public SessionLockFactory() => SessionLockTests<SessionLockFactory>.Configure(this);
}

public sealed class S3SessionLockFactory : S3GalleryFactory
{
    public S3SessionLockFactory() => SessionLockTests<S3SessionLockFactory>.Configure(this);
}

public sealed class EmbeddedSessionLockTests(SessionLockFactory f) : SessionLockTests<SessionLockFactory>(f);

public sealed class S3SessionLockTests(S3SessionLockFactory f) : SessionLockTests<S3SessionLockFactory>(f);
