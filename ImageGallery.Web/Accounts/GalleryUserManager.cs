using ImageGallery.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Accounts;

// Identity UI's pages call these; registration grants nothing (whoever registers an
// address first does not own it), a proven address may (AdminRoles).
public sealed class GalleryUserManager : UserManager<AppUser>
{
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;

    public GalleryUserManager(
        IUserStore<AppUser> store,
        IOptions<IdentityOptions> optionsAccessor,
        IPasswordHasher<AppUser> passwordHasher,
        IEnumerable<IUserValidator<AppUser>> userValidators,
        IEnumerable<IPasswordValidator<AppUser>> passwordValidators,
        ILookupNormalizer keyNormalizer,
        IdentityErrorDescriber errors,
        IServiceProvider services,
        ILogger<UserManager<AppUser>> logger,
        TimeProvider time)
        : base(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
    {
        _services = services;
        _time = time;
    }

    public override Task<IdentityResult> CreateAsync(AppUser user)
    {
        if (user.CreatedAt == default) user.CreatedAt = _time.GetUtcNow().UtcDateTime;
        return base.CreateAsync(user);
    }

    public override async Task<IdentityResult> ConfirmEmailAsync(AppUser user, string token) =>
        await GrantIfProvenAsync(user, await base.ConfirmEmailAsync(user, token));

    // A confirmed change of address proves the new one too.
    public override async Task<IdentityResult> ChangeEmailAsync(AppUser user, string newEmail, string token) =>
        await GrantIfProvenAsync(user, await base.ChangeEmailAsync(user, newEmail, token));

    // AdminRoles needs this manager, so it is found at call time, in the same scope.
    private async Task<IdentityResult> GrantIfProvenAsync(AppUser user, IdentityResult result)
    {
        if (result.Succeeded) await _services.GetRequiredService<AdminRoles>().GrantIfConfiguredAsync(user);
        return result;
    }

    // Identity UI's "Delete personal data" (and anything else that deletes a user) comes
    // through here: the person's objects and images go with the account, audited.
    // AccountData needs this manager's DbContext, so it too is found at call time.
    public override Task<IdentityResult> DeleteAsync(AppUser user) =>
        _services.GetRequiredService<AccountData>().DeleteAsync(user, () => base.DeleteAsync(user), CancellationToken);
}
