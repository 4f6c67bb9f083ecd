using ImageGallery.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ImageGallery.Web.Hosting;
using ImageGallery.Web.Moderation;

namespace ImageGallery.Web.Accounts;

// Grants and revokes the Admin role: from the `admin grant|revoke <email>` command, and
// for Gallery:AdminEmails only once the address is proven. Whoever registers an address
// first is not its owner: a configured address gets the role when its email is
// confirmed (at confirmation, or at start-up), and never while confirmation is off.
// Every grant is audited and renews the stamp, whoever makes it.
public sealed class AdminRoles(
    RoleManager<IdentityRole> roles,
    UserManager<AppUser> users,
    IOptions<GalleryOptions> gallery,
    IOptions<AccountOptions> accounts,
    AuditLog audit,
    ILogger<AdminRoles> logger)
{
    public static readonly Actor Configuration = new("config", "(Gallery:AdminEmails)");

    public async Task EnsureRoleAsync()
    {
        if (!await roles.RoleExistsAsync(Roles.Admin))
            Check(await roles.CreateAsync(new IdentityRole(Roles.Admin)));
    }

    public async Task GrantConfiguredAdminsAsync()
    {
        await EnsureRoleAsync();
        var emails = gallery.Value.AdminEmails.Where(e => !string.IsNullOrWhiteSpace(e)).ToList();
        if (emails.Count > 0 && !accounts.Value.RequireConfirmedEmail)
        {
            logger.LogWarning("Gallery:AdminEmails grants nothing while Accounts:RequireConfirmedEmail is false; " +
                              "use the `admin grant <email>` command");
            return;
        }
        foreach (var email in emails)
            if (await users.FindByEmailAsync(email.Trim()) is { } user)
                await GrantIfConfiguredAsync(user);
    }

    // Called when an address is proven (GalleryUserManager) and at start-up.
    public async Task GrantIfConfiguredAsync(AppUser user)
    {
        if (!accounts.Value.RequireConfirmedEmail || !user.EmailConfirmed || !IsConfigured(user.Email)) return;
        // Not in a role that does not exist yet, so the role is made only for a grant.
        if (await users.IsInRoleAsync(user, Roles.Admin)) return;
        await EnsureRoleAsync();
        await SetAsync(Configuration, user, admin: true);
        logger.LogInformation("Granted Admin to configured user {UserId}", user.Id);
    }

    /// <returns>false when no user has that email.</returns>
    public async Task<bool> SetAdminAsync(string email, bool admin)
    {
        await EnsureRoleAsync();
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null) return false;
        if (admin != await users.IsInRoleAsync(user, Roles.Admin)) await SetAsync(Actor.CommandLine, user, admin);
        return true;
    }

    // The role is in the cookie: a new stamp signs the user's other sessions out at the
    // next validation, so a revoke takes effect. The audit entry is saved with the stamp.
    private async Task SetAsync(Actor actor, AppUser user, bool admin)
    {
        Check(admin ? await users.AddToRoleAsync(user, Roles.Admin) : await users.RemoveFromRoleAsync(user, Roles.Admin));
        audit.Add(actor, admin ? AuditActions.GrantAdmin : AuditActions.RevokeAdmin, null, user.Id, user.Email);
        Check(await users.UpdateSecurityStampAsync(user));
    }

    private bool IsConfigured(string? email) =>
        email is not null && gallery.Value.AdminEmails.Any(a =>
            string.Equals(a.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase));

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
