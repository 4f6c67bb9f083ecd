namespace ImageGallery.Web.Accounts;

public static class Roles
{
    public const string Admin = "Admin";
}
