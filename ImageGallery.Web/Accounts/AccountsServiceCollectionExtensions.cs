using ImageGallery.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Accounts;

public static class AccountsServiceCollectionExtensions
{
    public static IServiceCollection AddGalleryAccounts(this IServiceCollection services)
    {
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddDefaultIdentity<AppUser>()
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<GalleryDbContext>()
            .AddUserManager<GalleryUserManager>()
            .AddSignInManager<GallerySignInManager>();

        services.AddOptions<IdentityOptions>().Configure<IOptions<AccountOptions>>((o, accounts) =>
        {
            var a = accounts.Value;
            o.SignIn.RequireConfirmedAccount = a.RequireConfirmedEmail;
            o.SignIn.RequireConfirmedEmail = a.RequireConfirmedEmail;
            o.User.RequireUniqueEmail = true;
            // Length over composition rules (NIST SP 800-63B): people can live with it.
            o.Password.RequiredLength = a.MinPasswordLength;
            o.Password.RequireDigit = false;
            o.Password.RequireLowercase = false;
            o.Password.RequireUppercase = false;
            o.Password.RequireNonAlphanumeric = false;
            o.Password.RequiredUniqueChars = 4;
            o.Lockout.AllowedForNewUsers = true;
            o.Lockout.MaxFailedAccessAttempts = a.MaxFailedAccessAttempts;
            o.Lockout.DefaultLockoutTimeSpan = a.LockoutDuration;
            // AddDefaultIdentity caps the login and token key columns at 128 characters; the
            // migrations were made without that cap (the design-time factories have no Identity
            // options). Keep the schema they describe, or SQL Server and PostgreSQL would find
            // pending model changes and refuse to migrate (DatabaseTests prove the match).
            o.Stores.MaxLengthForKeys = 0;
        });

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "gallery.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(7);
            o.Events.OnRedirectToLogin = ctx => Challenge(ctx, StatusCodes.Status401Unauthorized);
            // 403 with the access-denied page rendered in place (status code pages),
            // never a 302 to a page that then answers 200.
            o.Events.OnRedirectToAccessDenied = ctx =>
            {
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });

        // A revoked role or locked account must not live on in an old cookie for long.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin));

        services.AddScoped<AdminRoles>();
        services.AddScoped<AccountData>();
        return services;
    }

    private static Task Challenge(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int apiStatus)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
            ctx.Response.StatusCode = apiStatus;
        else
            ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
