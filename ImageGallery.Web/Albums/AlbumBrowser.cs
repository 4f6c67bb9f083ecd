using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using ImageGallery.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Albums;

public sealed record AlbumPage(AlbumRef Album, IReadOnlyList<Tile> Tiles, Guid? NewerThan, Guid? OlderThan, bool IsFirst);

public sealed record AlbumNeighbours(AlbumRef Album, Guid? Newer, Guid? Older);

// An album's images in the album's order: newest upload first (image id descending), the
// same order as the gallery. Each page is a seek on the membership key (AlbumId, ImageId)
// reading a page and one more row, so it costs the same in an album of 100 or 100,000.
// Members that are not shown (trashed, rejected) are skipped by the join.
public sealed class AlbumBrowser(GalleryDbContext db, TileFactory tiles, IOptions<GalleryOptions> options)
{
    // Null when the album is not the owner's, or the cursor names no visible member of it.
    public async Task<AlbumPage?> GetPageAsync(string ownerId, Guid albumId, Guid? before, Guid? after, CancellationToken ct)
    {
        if (await AlbumAsync(ownerId, albumId, ct) is not { } album) return null;
        long? cursor = null;
        if ((before ?? after) is { } cursorId)
        {
            cursor = await MemberIdAsync(album.Id, ownerId, cursorId, ct);
            if (cursor is null) return null;
        }
        var size = options.Value.PageSize;
        var newer = before is null && cursor is not null;
        var rows = await SliceAsync(album.Id, ownerId, cursor, newer, size + 1, ct);
        var more = rows.Count > size;
        if (more) rows.RemoveAt(rows.Count - 1);
        if (newer) rows.Reverse();

        bool newerExists, olderExists;
        if (newer)
        {
            newerExists = more;
            olderExists = rows.Count > 0 && (await SliceAsync(album.Id, ownerId, rows[^1].Id, false, 1, ct)).Count > 0;
        }
        else
        {
            olderExists = more;
            newerExists = cursor is not null && rows.Count > 0 && (await SliceAsync(album.Id, ownerId, rows[0].Id, true, 1, ct)).Count > 0;
        }
        var built = rows.Select(tiles.For).ToList();
        return new AlbumPage(album.Ref, built,
            newerExists && built.Count > 0 ? built[0].Id : null,
            olderExists && built.Count > 0 ? built[^1].Id : null,
            cursor is null || (newer && !more));
    }

    // The viewer's previous (newer) and next (older) image inside the album; null when the
    // album is not the owner's or the image is not a visible member of it.
    public async Task<AlbumNeighbours?> NeighboursAsync(string ownerId, Guid albumId, Guid imageId, CancellationToken ct)
    {
        if (await AlbumAsync(ownerId, albumId, ct) is not { } album) return null;
        if (await MemberIdAsync(album.Id, ownerId, imageId, ct) is not { } id) return null;
        var newer = await SliceAsync(album.Id, ownerId, id, true, 1, ct);
        var older = await SliceAsync(album.Id, ownerId, id, false, 1, ct);
        return new AlbumNeighbours(album.Ref, newer.FirstOrDefault()?.PublicId, older.FirstOrDefault()?.PublicId);
    }

    private async Task<(long Id, AlbumRef Ref)?> AlbumAsync(string ownerId, Guid albumId, CancellationToken ct)
    {
        var album = await db.Albums.AsNoTracking().Where(a => a.OwnerId == ownerId && a.PublicId == albumId)
            .Select(a => new { a.Id, a.PublicId, a.Name }).FirstOrDefaultAsync(ct);
        return album is null ? null : (album.Id, new AlbumRef(album.PublicId, album.Name));
    }

    private Task<long?> MemberIdAsync(long album, string ownerId, Guid imageId, CancellationToken ct) =>
        db.AlbumImages.Where(m => m.AlbumId == album && m.Image!.PublicId == imageId && m.Image.OwnerId == ownerId
                                  && AlbumService.Visible.Contains(m.Image.Status))
            .Select(m => (long?)m.ImageId).FirstOrDefaultAsync(ct);

    // Two seeks: a run of members from the membership key, then those images by primary key.
    // As one join, PostgreSQL's planner chose a merge join that walked the images' primary key
    // across everyone else's images (100,000 rows read for a first page of 60, or from the
    // first image to the cursor for a deep page); this reads a page whatever the planner
    // thinks. Members not shown (trash, rejected) make a run short: the next run goes on.
    private async Task<List<TileRow>> SliceAsync(long album, string ownerId, long? cursor, bool newer, int take, CancellationToken ct)
    {
        var rows = new List<TileRow>();
        while (rows.Count < take)
        {
            var want = take - rows.Count;
            var q = db.AlbumImages.AsNoTracking().Where(m => m.AlbumId == album);
            if (cursor is { } c) q = newer ? q.Where(m => m.ImageId > c) : q.Where(m => m.ImageId < c);
            var ids = await (newer ? q.OrderBy(m => m.ImageId) : q.OrderByDescending(m => m.ImageId))
                .Select(m => m.ImageId).Take(want).ToListAsync(ct);
            if (ids.Count == 0) break;
            var found = await db.Images.AsNoTracking()
                .Where(i => ids.Contains(i.Id) && i.OwnerId == ownerId && AlbumService.Visible.Contains(i.Status))
                .Select(TileRow.Projection).ToDictionaryAsync(r => r.Id, ct);
            rows.AddRange(ids.Where(found.ContainsKey).Select(id => found[id]));
            if (ids.Count < want) break;  // no more members
            cursor = ids[^1];
        }
        return rows;
    }
}
