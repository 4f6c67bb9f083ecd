using System.Security.Claims;
using ImageGallery.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Accounts;

// Two locks, kept apart. Identity's sign-in lockout (LockoutEnd, after failed passwords)
// stops NEW sign-ins only: anyone can cause it by typing someone's email, so it must
// never end a session that is already signed in. An admin's lock (AppUser.LockedAt)
// stops sign-ins and, at the next security-stamp validation, existing sessions.
public sealed class GallerySignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor,
        logger, schemes, confirmation)
{
    // Identity UI's Login page passes lockoutOnFailure: false; a gallery open to the
    // internet must lock sign-in after repeated failures, so this forces it on.
    public override Task<SignInResult> PasswordSignInAsync(
        string userName, string password, bool isPersistent, bool lockoutOnFailure) =>
        base.PasswordSignInAsync(userName, password, isPersistent, lockoutOnFailure: true);

    // Shows Identity UI's lockout page for an admin's lock as for a sign-in lockout.
    protected override async Task<bool> IsLockedOut(AppUser user) =>
        user.LockedAt is not null || await base.IsLockedOut(user);

    // The admin's lock also renews the stamp, so this is belt and braces: a session of
    // an admin-locked person is never refreshed.
    public override async Task<AppUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { LockedAt: not null } ? null : user;
    }
}
