using System.Security.Claims;

namespace ImageGallery.Web.Accounts;

public static class ClaimsPrincipalExtensions
{
    // For endpoints behind RequireAuthorization: a signed-in user always has one.
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("A signed-in user has no id claim.");
}
