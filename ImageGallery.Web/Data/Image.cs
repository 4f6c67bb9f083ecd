namespace ImageGallery.Web.Data;

public enum ImageStatus
{
    // A form was issued; the browser has not reported the upload as done.
    Pending = 0,
    // Uploaded and verified; waits in the moderation queue.
    AwaitingReview = 1,
    Approved = 2,
    Rejected = 3,
    // In the owner's trash (Trash/): not served, not listed, still counted. Restoring
    // puts back StatusBeforeTrash.
    Trashed = 4,
    // Claimed by a purge: the objects are being deleted, then the row (and its quota) goes.
    Purging = 5,
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

    // The browser-made display-size copy (long side Gallery:DisplaySize), what the image
    // page shows; null for images no larger than that, or when the browser made none.
    // DisplayWidth is the copy's pixel width as the browser declared it (for srcset).
    public string? DisplayKey { get; set; }
    public string? DisplayContentType { get; set; }
    public long? DisplaySize { get; set; }
    public int? DisplayWidth { get; set; }

    // A multipart upload (Uploads/Multipart): storage's upload id while it is open (the
    // original then goes to its staging key in parts of PartSize bytes); null otherwise.
    public string? MultipartUploadId { get; set; }
    public long? PartSize { get; set; }

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

    public ImageStatus? StatusBeforeTrash { get; set; }
    public DateTime? TrashedAt { get; set; }
}
