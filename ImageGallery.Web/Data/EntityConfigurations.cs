using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageGallery.Web.Data;

public sealed class ImageConfiguration : IEntityTypeConfiguration<Image>
{
    public void Configure(EntityTypeBuilder<Image> b)
    {
        b.HasKey(i => i.Id);
        b.HasIndex(i => i.PublicId).IsUnique();
        // Gallery pages: one user's images by date taken (else upload time), newest first,
        // keyset on (SortKey, Id); one seek per status.
        b.HasIndex(i => new { i.OwnerId, i.Status, i.SortKey, i.Id });
        // Lookups by owner and status in Id order (usage, deletion of an account).
        b.HasIndex(i => new { i.OwnerId, i.Status, i.Id });
        // Review queue and sweeper: by status, oldest first.
        b.HasIndex(i => new { i.Status, i.Id });
        // Trash purge: what has been in the trash longest.
        b.HasIndex(i => new { i.Status, i.TrashedAt });
        b.Property(i => i.FileName).HasMaxLength(255).IsRequired();
        b.Property(i => i.ContentType).HasMaxLength(100).IsRequired();
        b.Property(i => i.ObjectKey).HasMaxLength(300).IsRequired();
        b.Property(i => i.ThumbnailKey).HasMaxLength(300);
        b.Property(i => i.ThumbnailContentType).HasMaxLength(100);
        b.Property(i => i.DisplayKey).HasMaxLength(300);
        b.Property(i => i.DisplayContentType).HasMaxLength(100);
        // S3 upload ids are opaque; AWS's are about 150 characters.
        b.Property(i => i.MultipartUploadId).HasMaxLength(1024);
        b.Property(i => i.Caption).HasMaxLength(500);
        b.Property(i => i.RejectionReason).HasMaxLength(500);
        b.Property(i => i.Facts).HasConversion(new PhotoFacts.Converter()).HasMaxLength(1000);
        b.Property(i => i.ReviewedById).HasMaxLength(450);
        b.HasOne(i => i.Owner).WithMany().HasForeignKey(i => i.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.HasKey(a => a.Id);
        b.HasIndex(a => a.At);
        b.HasIndex(a => new { a.ActorId, a.Id });
        b.HasIndex(a => new { a.TargetUserId, a.Id });
        b.Property(a => a.ActorId).HasMaxLength(450).IsRequired();
        b.Property(a => a.ActorEmail).HasMaxLength(256).IsRequired();
        b.Property(a => a.Action).HasMaxLength(50).IsRequired();
        b.Property(a => a.TargetUserId).HasMaxLength(450);
        b.Property(a => a.TargetUserEmail).HasMaxLength(256);
        b.Property(a => a.Detail).HasMaxLength(1000);
    }
}
