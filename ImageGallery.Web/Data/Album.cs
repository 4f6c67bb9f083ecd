namespace ImageGallery.Web.Data;

public class Album
{
    // Internal keyset; PublicId is what URLs carry.
    public long Id { get; set; }
    public Guid PublicId { get; set; }

    public string OwnerId { get; set; } = "";
    public AppUser? Owner { get; set; }

    public string Name { get; set; } = "";

    // The image the owner chose as cover. A plain column, not a foreign key: it is used
    // only while that image is still a visible member, otherwise the newest member is.
    public long? CoverImageId { get; set; }

    public DateTime CreatedAt { get; set; }
}

// Membership: an image can be in many albums. Keyed (AlbumId, ImageId); the album page
// pages on (AlbumId, SortKey, ImageId), the gallery's own date-taken order.
public class AlbumImage
{
    public long AlbumId { get; set; }
    public Album? Album { get; set; }

    public long ImageId { get; set; }
    public Image? Image { get; set; }

    public DateTime AddedAt { get; set; }

    // A copy of the image's SortKey (date taken, else upload time), made when it joins:
    // the image's is fixed when its row is made, so the copy never goes stale, and the
    // album's order needs an index on the membership table itself.
    public DateTime SortKey { get; set; }
}
