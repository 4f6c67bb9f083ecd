using ImageGallery.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ImageGallery.Web.Hosting;
using ImageGallery.Web.Moderation;

namespace ImageGallery.Web.Accounts;

// Grants and revokes the Admin role: at startup for Gallery:AdminEmails, and from
// the `admin grant|revoke <email>` command.
public sealed class AdminRoles(
    RoleManager<IdentityRole> roles,
    UserManager<AppUser> users,
    IOptions<GalleryOptions> gallery,
    AuditLog audit,
    ILogger<AdminRoles> logger)
{
    public async Task EnsureRoleAsync()
    {
        if (!await roles.RoleExistsAsync(Roles.Admin))
            Check(await roles.CreateAsync(new IdentityRole(Roles.Admin)));
    }

    public async Task GrantConfiguredAdminsAsync()
    {
        await EnsureRoleAsync();
        foreach (var email in gallery.Value.AdminEmails.Where(e => !string.IsNullOrWhiteSpace(e)))
        {
            var user = await users.FindByEmailAsync(email.Trim());
            if (user is not null && !await users.IsInRoleAsync(user, Roles.Admin))
            {
                Check(await users.AddToRoleAsync(user, Roles.Admin));
                logger.LogInformation("Granted Admin to configured user {UserId}", user.Id);
            }
        }
    }

    /// <returns>false when no user has that email.</returns>
    public async Task<bool> SetAdminAsync(string email, bool admin)
    {
        await EnsureRoleAsync();
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null) return false;
        var isAdmin = await users.IsInRoleAsync(user, Roles.Admin);
        if (admin && !isAdmin) Check(await users.AddToRoleAsync(user, Roles.Admin));
        if (!admin && isAdmin) Check(await users.RemoveFromRoleAsync(user, Roles.Admin));
        // The role is in the cookie: a new stamp signs the user's other sessions out
        // at the next validation, so a revoke takes effect.
        // The audit entry is saved with the new stamp.
        if (admin != isAdmin)
        {
            audit.Add(Actor.CommandLine, admin ? AuditActions.GrantAdmin : AuditActions.RevokeAdmin, null, user.Id, user.Email);
            Check(await users.UpdateSecurityStampAsync(user));
        }
        return true;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
