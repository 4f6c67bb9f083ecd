using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using ImageGallery.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Albums;

public sealed record AlbumPage(AlbumRef Album, IReadOnlyList<Tile> Tiles, Guid? NewerThan, Guid? OlderThan, bool IsFirst);

public sealed record AlbumNeighbours(AlbumRef Album, Guid? Newer, Guid? Older);

// An album's images in the gallery's order: newest first by date taken (else upload time),
// ties by image id. Each page is a seek on the membership index (AlbumId, SortKey, ImageId)
// with the keyset (SortKey, ImageId), reading a page and one more row, so it costs the same
// in an album of 100 or 100,000. Members that are not shown (trashed, rejected) are
// skipped by the join.
public sealed class AlbumBrowser(GalleryDbContext db, TileFactory tiles, IOptions<GalleryOptions> options)
{
    // Null when the album is not the owner's, or the cursor names no visible member of it.
    public async Task<AlbumPage?> GetPageAsync(string ownerId, Guid albumId, Guid? before, Guid? after, CancellationToken ct)
    {
        if (await AlbumAsync(ownerId, albumId, ct) is not { } album) return null;
        Position? cursor = null;
        if ((before ?? after) is { } cursorId)
        {
            cursor = await MemberPositionAsync(album.Id, ownerId, cursorId, ct);
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
            olderExists = rows.Count > 0 && (await SliceAsync(album.Id, ownerId, rows[^1].Position, false, 1, ct)).Count > 0;
        }
        else
        {
            olderExists = more;
            newerExists = cursor is not null && rows.Count > 0 && (await SliceAsync(album.Id, ownerId, rows[0].Position, true, 1, ct)).Count > 0;
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
        if (await MemberPositionAsync(album.Id, ownerId, imageId, ct) is not { } at) return null;
        var newer = await SliceAsync(album.Id, ownerId, at, true, 1, ct);
        var older = await SliceAsync(album.Id, ownerId, at, false, 1, ct);
        return new AlbumNeighbours(album.Ref, newer.FirstOrDefault()?.PublicId, older.FirstOrDefault()?.PublicId);
    }

    private async Task<(long Id, AlbumRef Ref)?> AlbumAsync(string ownerId, Guid albumId, CancellationToken ct)
    {
        var album = await db.Albums.AsNoTracking().Where(a => a.OwnerId == ownerId && a.PublicId == albumId)
            .Select(a => new { a.Id, a.PublicId, a.Name }).FirstOrDefaultAsync(ct);
        return album is null ? null : (album.Id, new AlbumRef(album.PublicId, album.Name));
    }

    // The member's place in the album's order; null unless it is a visible member.
    public Task<Position?> MemberPositionAsync(long album, string ownerId, Guid imageId, CancellationToken ct) =>
        db.AlbumImages.Where(m => m.AlbumId == album && m.Image!.PublicId == imageId && m.Image.OwnerId == ownerId
                                  && GalleryService.Visible.Contains(m.Image.Status))
            .Select(m => new Position(m.SortKey, m.ImageId)).FirstOrDefaultAsync(ct);

    // Two seeks: a run of members from the album's order index, then those images by primary
    // key. As one join, PostgreSQL's planner chose a merge join that walked the images' primary
    // key across everyone else's images (100,000 rows read for a first page of 60, or from the
    // first image to the cursor for a deep page); this reads a page whatever the planner
    // thinks. Members not shown (trash, rejected) make a run short: the next run goes on.
    internal async Task<List<TileRow>> SliceAsync(long album, string ownerId, Position? cursor, bool newer, int take, CancellationToken ct)
    {
        var rows = new List<TileRow>();
        while (rows.Count < take)
        {
            var want = take - rows.Count;
            var members = await Members(db.AlbumImages.AsNoTracking().Where(m => m.AlbumId == album), cursor, newer)
                .Select(m => new { m.SortKey, m.ImageId }).Take(want).ToListAsync(ct);
            if (members.Count == 0) break;
            var ids = members.Select(m => m.ImageId).ToList();
            var found = await db.Images.AsNoTracking()
                .Where(i => ids.Contains(i.Id) && i.OwnerId == ownerId && GalleryService.Visible.Contains(i.Status))
                .Select(TileRow.Projection).ToDictionaryAsync(r => r.Id, ct);
            rows.AddRange(ids.Where(found.ContainsKey).Select(id => found[id]));
            if (members.Count < want) break;  // no more members
            cursor = new Position(members[^1].SortKey, members[^1].ImageId);
        }
        return rows;
    }

    // Members beyond the cursor (newer: before it in the album), in that direction's order.
    // The redundant bound on SortKey alone gives the database a range to seek on the
    // index; the OR breaks ties between images taken in the same instant.
    public static IOrderedQueryable<AlbumImage> Members(IQueryable<AlbumImage> q, Position? cursor, bool newer)
    {
        if (cursor is { } p)
            q = newer
                ? q.Where(m => m.SortKey >= p.Key && (m.SortKey > p.Key || m.ImageId > p.Id))
                : q.Where(m => m.SortKey <= p.Key && (m.SortKey < p.Key || m.ImageId < p.Id));
        return newer ? q.OrderBy(m => m.SortKey).ThenBy(m => m.ImageId) : q.OrderByDescending(m => m.SortKey).ThenByDescending(m => m.ImageId);
    }
}
