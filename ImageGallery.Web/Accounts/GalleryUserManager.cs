using ImageGallery.Web.Data;
using ImageGallery.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Accounts;

// Identity UI's Register page calls CreateAsync; this is where configured admin
// emails get their role, before the new user's cookie is issued.
public sealed class GalleryUserManager(
    IUserStore<AppUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<AppUser> passwordHasher,
    IEnumerable<IUserValidator<AppUser>> userValidators,
    IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<AppUser>> logger,
    IOptions<GalleryOptions> gallery,
    TimeProvider time)
    : UserManager<AppUser>(store, optionsAccessor, passwordHasher, userValidators,
        passwordValidators, keyNormalizer, errors, services, logger)
{
    // The request's scope: AccountData needs this manager's DbContext (its save and the
    // images' deletion share a transaction), and resolving it lazily avoids a cycle
    // through AuditLog, which needs a UserManager.
    private readonly IServiceProvider _services = services;

    public override async Task<IdentityResult> CreateAsync(AppUser user)
    {
        if (user.CreatedAt == default) user.CreatedAt = time.GetUtcNow().UtcDateTime;
        var result = await base.CreateAsync(user);
        if (result.Succeeded && IsConfiguredAdmin(user.Email))
            result = await AddToRoleAsync(user, Roles.Admin);
        return result;
    }

    // Identity UI's "Delete personal data" (and anything else that deletes a user) comes
    // through here: the person's objects and images go with the account, audited.
    public override Task<IdentityResult> DeleteAsync(AppUser user) =>
        _services.GetRequiredService<AccountData>().DeleteAsync(user, () => base.DeleteAsync(user), CancellationToken);

    public bool IsConfiguredAdmin(string? email) =>
        email is not null && gallery.Value.AdminEmails.Any(a =>
            string.Equals(a.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase));
}
