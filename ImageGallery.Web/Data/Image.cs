namespace ImageGallery.Web.Data;

public enum ImageStatus
{
    // A form was issued; the browser has not reported the upload as done.
    Pending = 0,
    // Uploaded and verified; waits in the moderation queue.
    AwaitingReview = 1,
    Approved = 2,
    Rejected = 3,
}

public class Image
{
    // Internal, monotonically increasing: the keyset for every listing.
    public long Id { get; set; }

    // What URLs, API answers and object keys carry; never guessable.
    public Guid PublicId { get; set; }

    public string OwnerId { get; set; } = "";
    public AppUser? Owner { get; set; }

    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string ObjectKey { get; set; } = "";

    public string? ThumbnailKey { get; set; }
    public string? ThumbnailContentType { get; set; }
    public long? ThumbnailSize { get; set; }

    public int? Width { get; set; }
    public int? Height { get; set; }
    public string? Caption { get; set; }

    public ImageStatus Status { get; set; }
    public string? RejectionReason { get; set; }

    // When the photo was taken, as the camera's clock said (no time zone: stored as if UTC).
    public DateTime? TakenAt { get; set; }

    // The gallery's order: TakenAt, else CreatedAt. Set once, when the row is made.
    public DateTime SortKey { get; set; }

    public PhotoFacts? Facts { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? UploadedAt { get; set; }
    public DateTime? ReviewedAt { get; set; }
    public string? ReviewedById { get; set; }
}
