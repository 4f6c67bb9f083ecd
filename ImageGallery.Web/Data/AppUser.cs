using Microsoft.AspNetCore.Identity;

namespace ImageGallery.Web.Data;

public class AppUser : IdentityUser
{
    public DateTime CreatedAt { get; set; }

    // Per-user quota overrides set by an admin; null means "use Uploads options".
    public int? MaxImagesOverride { get; set; }
    public long? MaxBytesOverride { get; set; }
}
