using Microsoft.AspNetCore.Identity;

namespace ImageGallery.Web.Data;

public class AppUser : IdentityUser
{
    public DateTime CreatedAt { get; set; }

    // Per-user quota overrides set by an admin; null means "use Uploads options".
    public int? MaxImagesOverride { get; set; }
    public long? MaxBytesOverride { get; set; }

    // Mirror the user's Image rows (count, and bytes of originals plus thumbnails),
    // pending ones included; kept by UsageCounters so the quota check is O(1).
    public int ImageCount { get; set; }
    public long BytesUsed { get; set; }

    // An admin's lock, kept apart from Identity's LockoutEnd: failed sign-ins (which
    // anyone can cause by typing someone's email) set LockoutEnd and may only stop new
    // sign-ins; this stops the person's existing sessions and the upload API too.
    public DateTime? LockedAt { get; set; }

    // Whether the GPS position in a photo's EXIF is stored (Manage > Photos); off by default.
    public bool KeepPhotoLocation { get; set; }
}
