using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ImageGallery.Web.Data;

public sealed class AlbumConfiguration : IEntityTypeConfiguration<Album>
{
    public const int MaxNameLength = 100;

    public void Configure(EntityTypeBuilder<Album> b)
    {
        b.HasKey(a => a.Id);
        b.HasIndex(a => a.PublicId).IsUnique();
        // /albums: one person's albums, newest first.
        b.HasIndex(a => new { a.OwnerId, a.Id });
        b.Property(a => a.Name).HasMaxLength(MaxNameLength).IsRequired();
        b.HasOne(a => a.Owner).WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class AlbumImageConfiguration : IEntityTypeConfiguration<AlbumImage>
{
    public void Configure(EntityTypeBuilder<AlbumImage> b)
    {
        b.HasKey(m => new { m.AlbumId, m.ImageId });
        // The album page's index: a seek on AlbumId, then (SortKey, ImageId) descending,
        // the gallery's order (date taken), reading a page and one row.
        b.HasIndex(m => new { m.AlbumId, m.SortKey, m.ImageId });
        // "Which albums is this image in" (image page) and the cascade from Images.
        b.HasIndex(m => m.ImageId);
        // Memberships go with their album and with their image, whoever deletes it
        // (purge, admin, account deletion): no code path has to remember them.
        b.HasOne(m => m.Album).WithMany().HasForeignKey(m => m.AlbumId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(m => m.Image).WithMany().HasForeignKey(m => m.ImageId).OnDelete(DeleteBehavior.Cascade);
    }
}
