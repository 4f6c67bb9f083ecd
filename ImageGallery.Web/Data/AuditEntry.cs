namespace ImageGallery.Web.Data;

// Deliberately no foreign keys: entries outlive the images and users they mention,
// so the emails and ids are copied in at the time of the action.
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string ActorId { get; set; } = "";
    public string ActorEmail { get; set; } = "";
    public string Action { get; set; } = "";
    public Guid? ImageId { get; set; }
    public string? TargetUserId { get; set; }
    public string? TargetUserEmail { get; set; }
    public string? Detail { get; set; }
}
