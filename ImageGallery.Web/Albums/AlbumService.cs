using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using ImageGallery.Web.Trash;
using Microsoft.EntityFrameworkCore;

namespace ImageGallery.Web.Albums;

public sealed record AlbumSummary(Guid Id, string Name, int Count, Tile? Cover);

public sealed record AlbumRef(Guid Id, string Name);

// One person's albums. The owner is in every query, so someone else's album or image
// id finds nothing, exactly like one that never existed. Deleting an album deletes its
// memberships, never its images.
public sealed class AlbumService(GalleryDbContext db, TileFactory tiles, TimeProvider time)
{
    // Albums show what the gallery shows (GalleryService.Visible); everything else, named so
    // a query can seek each hidden status on the gallery's index.
    private static readonly ImageStatus[] Hidden = Enum.GetValues<ImageStatus>().Except(GalleryService.Visible).ToArray();

    public const int MaxAlbums = 1000;

    public async Task<IReadOnlyList<AlbumSummary>> ListAsync(string ownerId, CancellationToken ct)
    {
        var albums = await db.Albums.AsNoTracking().Where(a => a.OwnerId == ownerId).OrderByDescending(a => a.Id)
            .Take(MaxAlbums)
            .Select(a => new
            {
                a.Id, a.PublicId, a.Name,
                Chosen = db.AlbumImages.Where(m => m.AlbumId == a.Id && m.ImageId == a.CoverImageId && GalleryService.Visible.Contains(m.Image!.Status))
                    .Select(m => (long?)m.ImageId).FirstOrDefault(),
                Newest = db.AlbumImages.Where(m => m.AlbumId == a.Id && GalleryService.Visible.Contains(m.Image!.Status))
                    .OrderByDescending(m => m.SortKey).ThenByDescending(m => m.ImageId).Select(m => (long?)m.ImageId).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var counts = await VisibleCountsAsync(ownerId, ct);
        var coverIds = albums.Select(a => a.Chosen ?? a.Newest).OfType<long>().Distinct().ToList();
        var covers = await db.Images.AsNoTracking().Where(i => coverIds.Contains(i.Id)).Select(TileRow.Projection)
            .ToDictionaryAsync(r => r.Id, ct);
        return albums.Select(a => new AlbumSummary(a.PublicId, a.Name, counts.GetValueOrDefault(a.Id),
            (a.Chosen ?? a.Newest) is { } c && covers.TryGetValue(c, out var row) ? tiles.For(row) : null)).ToList();
    }

    // Each album's visible images: all its members (counted on the membership key alone),
    // less the members the gallery hides (found from the person's hidden images, which are
    // few: trash, rejected). Checking every member's status instead joined each membership
    // with its image, O(members) probes: 127,000 for a 100,000-image library's albums.
    private async Task<Dictionary<long, int>> VisibleCountsAsync(string ownerId, CancellationToken ct)
    {
        var members = await db.AlbumImages.Where(m => m.Album!.OwnerId == ownerId)
            .GroupBy(m => m.AlbumId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var hidden = await db.Images.Where(i => i.OwnerId == ownerId && Hidden.Contains(i.Status))
            .Join(db.AlbumImages, i => i.Id, m => m.ImageId, (i, m) => m.AlbumId)
            .GroupBy(albumId => albumId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return members.ToDictionary(m => m.Key, m => m.Value - hidden.GetValueOrDefault(m.Key));
    }

    public Task<List<AlbumRef>> NamesAsync(string ownerId, CancellationToken ct) =>
        db.Albums.AsNoTracking().Where(a => a.OwnerId == ownerId).OrderBy(a => a.Name).Take(MaxAlbums)
            .Select(a => new AlbumRef(a.PublicId, a.Name)).ToListAsync(ct);

    // The albums this image is in (for its page).
    public Task<List<AlbumRef>> ContainingAsync(string ownerId, Guid imageId, CancellationToken ct) =>
        db.AlbumImages.AsNoTracking()
            .Where(m => m.Image!.PublicId == imageId && m.Image.OwnerId == ownerId && m.Album!.OwnerId == ownerId)
            .OrderBy(m => m.Album!.Name).Select(m => new AlbumRef(m.Album!.PublicId, m.Album.Name)).ToListAsync(ct);

    public Task<AlbumRef?> FindAsync(string ownerId, Guid albumId, CancellationToken ct) =>
        db.Albums.AsNoTracking().Where(a => a.OwnerId == ownerId && a.PublicId == albumId)
            .Select(a => new AlbumRef(a.PublicId, a.Name)).FirstOrDefaultAsync(ct);

    public async Task<AlbumRef> CreateAsync(string ownerId, string name, CancellationToken ct)
    {
        var album = new Album
        {
            PublicId = Guid.NewGuid(), OwnerId = ownerId, Name = Clean(name), CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Albums.Add(album);
        await db.SaveChangesAsync(ct);
        return new AlbumRef(album.PublicId, album.Name);
    }

    public async Task<bool> RenameAsync(string ownerId, Guid albumId, string name, CancellationToken ct)
    {
        var clean = Clean(name);
        return await Owned(ownerId, albumId).ExecuteUpdateAsync(s => s.SetProperty(a => a.Name, clean), ct) == 1;
    }

    // The memberships first (SQL Server does not cascade them from the album), then the album.
    public Task<bool> DeleteAsync(string ownerId, Guid albumId, CancellationToken ct) =>
        db.InTransactionAsync(async () =>
        {
            await db.AlbumImages.Where(m => m.Album!.OwnerId == ownerId && m.Album.PublicId == albumId).ExecuteDeleteAsync(ct);
            return await Owned(ownerId, albumId).ExecuteDeleteAsync(ct) == 1;
        }, ct);

    // Null when the album is not the owner's. Images already in it are fine (it is where
    // they were asked to be); an id that is not the owner's visible image is named and
    // nothing is added.
    public async Task<BulkOutcome?> AddAsync(string ownerId, Guid albumId, IReadOnlyCollection<Guid> imageIds, CancellationToken ct)
    {
        if (BulkIds.Problem(imageIds) is { } problem) throw new ArgumentException(problem, nameof(imageIds));
        var wanted = imageIds.Distinct().ToList();
        return await db.InTransactionAsync<BulkOutcome?>(async () =>
        {
            if (await Owned(ownerId, albumId).Select(a => (long?)a.Id).FirstOrDefaultAsync(ct) is not { } album) return null;
            var images = await db.Images.Where(i => i.OwnerId == ownerId && wanted.Contains(i.PublicId) && GalleryService.Visible.Contains(i.Status))
                .Select(i => new { i.Id, i.PublicId, i.SortKey }).ToListAsync(ct);
            if (images.Count != wanted.Count) return new BulkOutcome(0, wanted.Except(images.Select(i => i.PublicId)).ToList());
            var ids = images.Select(i => i.Id).ToList();
            var present = await db.AlbumImages.Where(m => m.AlbumId == album && ids.Contains(m.ImageId)).Select(m => m.ImageId).ToListAsync(ct);
            var now = time.GetUtcNow().UtcDateTime;
            db.AlbumImages.AddRange(images.Where(i => !present.Contains(i.Id))
                .Select(i => new AlbumImage { AlbumId = album, ImageId = i.Id, AddedAt = now, SortKey = i.SortKey }));
            var added = await db.SaveChangesAsync(ct);
            return new BulkOutcome(added, []);
        }, ct);
    }

    // Null when the album is not the owner's; an id that is not in the album is named.
    public async Task<BulkOutcome?> RemoveAsync(string ownerId, Guid albumId, IReadOnlyCollection<Guid> imageIds, CancellationToken ct)
    {
        if (BulkIds.Problem(imageIds) is { } problem) throw new ArgumentException(problem, nameof(imageIds));
        var wanted = imageIds.Distinct().ToList();
        return await db.InTransactionAsync<BulkOutcome?>(async () =>
        {
            if (await Owned(ownerId, albumId).Select(a => (long?)a.Id).FirstOrDefaultAsync(ct) is not { } album) return null;
            var members = db.AlbumImages.Where(m => m.AlbumId == album && m.Image!.OwnerId == ownerId && wanted.Contains(m.Image.PublicId));
            var found = await members.Select(m => m.Image!.PublicId).ToListAsync(ct);
            if (found.Count != wanted.Count) return new BulkOutcome(0, wanted.Except(found).ToList());
            var removed = await members.ExecuteDeleteAsync(ct);
            if (removed != wanted.Count) throw new ConcurrentChangeException();
            return new BulkOutcome(removed, []);
        }, ct);
    }

    // False unless the image is a visible member of the owner's album.
    public async Task<bool> SetCoverAsync(string ownerId, Guid albumId, Guid imageId, CancellationToken ct)
    {
        var member = await db.AlbumImages
            .Where(m => m.Album!.OwnerId == ownerId && m.Album.PublicId == albumId && m.Image!.PublicId == imageId
                        && m.Image.OwnerId == ownerId && GalleryService.Visible.Contains(m.Image.Status))
            .Select(m => (long?)m.ImageId).FirstOrDefaultAsync(ct);
        if (member is not { } id) return false;
        return await Owned(ownerId, albumId).ExecuteUpdateAsync(s => s.SetProperty(a => a.CoverImageId, id), ct) == 1;
    }

    public static string Clean(string name) => name.Trim();

    private IQueryable<Album> Owned(string ownerId, Guid albumId) =>
        db.Albums.Where(a => a.OwnerId == ownerId && a.PublicId == albumId);
}
