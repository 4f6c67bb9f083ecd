using System.Text.Json;
using ImageGallery.Web.Accounts;
using ImageGallery.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ImageGallery.Web.Areas.Identity.Pages.Account.Manage;

// Replaces Identity UI's page of the same path: the same file (every [PersonalData]
// property, external logins, the authenticator key), plus the person's images, which
// are personal data too (name, size, type, dates, caption, status).
[Authorize]
public class DownloadPersonalDataModel(UserManager<AppUser> users, AccountData data, ILogger<DownloadPersonalDataModel> logger)
    : PageModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public IActionResult OnGet() => NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return NotFound($"Unable to load user with ID '{users.GetUserId(User)}'.");
        logger.LogInformation("User {UserId} asked for their personal data", user.Id);

        var personal = new Dictionary<string, object?>();
        foreach (var p in typeof(AppUser).GetProperties().Where(p => Attribute.IsDefined(p, typeof(PersonalDataAttribute))))
            personal[p.Name] = p.GetValue(user)?.ToString() ?? "null";
        foreach (var login in await users.GetLoginsAsync(user))
            personal[$"{login.LoginProvider} external login provider key"] = login.ProviderKey;
        personal["Authenticator Key"] = await users.GetAuthenticatorKeyAsync(user);
        personal["Images"] = await data.ImagesAsync(user.Id, ct);

        Response.Headers.TryAdd("Content-Disposition", "attachment; filename=PersonalData.json");
        return new FileContentResult(JsonSerializer.SerializeToUtf8Bytes(personal, Json), "application/json");
    }
}
