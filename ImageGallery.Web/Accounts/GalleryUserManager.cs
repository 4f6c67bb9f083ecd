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
    public override async Task<IdentityResult> CreateAsync(AppUser user)
    {
        if (user.CreatedAt == default) user.CreatedAt = time.GetUtcNow().UtcDateTime;
        var result = await base.CreateAsync(user);
        if (result.Succeeded && IsConfiguredAdmin(user.Email))
            result = await AddToRoleAsync(user, Roles.Admin);
        return result;
    }

    public bool IsConfiguredAdmin(string? email) =>
        email is not null && gallery.Value.AdminEmails.Any(a =>
            string.Equals(a.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase));
}
