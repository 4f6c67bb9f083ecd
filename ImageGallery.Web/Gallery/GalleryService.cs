using ImageGallery.Web.Data;
using ImageGallery.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Gallery;

public enum GalleryFilter { Visible, Rejected }

// Where a page starts: the first page, older than a tile, or newer than a tile. Tiles are
// named by their public id, so the links stay right when new images arrive.
public sealed record GalleryCursor(Guid? Before, Guid? After)
{
    public static readonly GalleryCursor First = new(null, null);
}

// Where the image page's previous/next go (null at either end of the gallery), and the
// grid page that shows the image, scrolled to its tile.
public sealed record ImageNeighbours(Guid? Previous, Guid? Next, string GridUrl);

public sealed record GalleryPage(
    GalleryFilter Filter, IReadOnlyList<Tile> Tiles, bool IsFirst, Guid? NewerThan, Guid? OlderThan);

// One person's images, newest first, a page at a time. Every query is an index seek on
// (OwnerId, Status, Id) that reads at most a page and one more row: a page costs the
// same for 100 images as for 100,000, and nothing counts all of them.
public sealed class GalleryService(GalleryDbContext db, TileFactory tiles, IOptions<GalleryOptions> options)
{
    // Both moderation modes show these in the grid; Pre marks AwaitingReview with a badge.
    // What the gallery lists, and so albums, search and downloads too: trashed, rejected and
    // pending images are not listed.
    public static readonly ImageStatus[] Visible = [ImageStatus.AwaitingReview, ImageStatus.Approved];
    private static readonly ImageStatus[] RejectedOnly = [ImageStatus.Rejected];
    // Under pre-moderation, tiles awaiting review have no page: previous/next skip them.
    private static readonly ImageStatus[] ApprovedOnly = [ImageStatus.Approved];

    // Null when the cursor names no image of this owner (deleted since, or someone else's).
    public async Task<GalleryPage?> GetPageAsync(string ownerId, GalleryFilter filter, GalleryCursor cursor, CancellationToken ct)
    {
        var statuses = filter == GalleryFilter.Rejected ? RejectedOnly : Visible;
        var size = options.Value.PageSize;

        var cursorPublicId = cursor.Before ?? cursor.After;
        Position? at = null;
        if (cursorPublicId is { } publicId)
        {
            at = await db.Images.Where(i => i.OwnerId == ownerId && i.PublicId == publicId)
                .Select(i => new Position(i.SortKey, i.Id)).FirstOrDefaultAsync(ct);
            if (at is null) return null;
        }

        var newer = cursor.Before is null && at is not null;
        var rows = await SliceAsync(ownerId, statuses, at, newer, size + 1, ct);
        var more = rows.Count > size;
        if (more) rows.RemoveAt(rows.Count - 1);
        if (newer) rows.Reverse();

        // The far side of the page needs a look only when we came from a cursor; one row is enough.
        bool olderExists, newerExists;
        if (newer)
        {
            newerExists = more;
            // With no rows, "older than the cursor, the cursor included".
            olderExists = await ExistsAsync(ownerId, statuses, rows.Count > 0 ? rows[^1].Position : at! with { Id = at.Id + 1 }, older: true, ct);
        }
        else
        {
            olderExists = more;
            newerExists = at is not null &&
                          await ExistsAsync(ownerId, statuses, rows.Count > 0 ? rows[0].Position : at with { Id = at.Id - 1 }, older: false, ct);
        }

        var built = rows.Select(tiles.For).ToList();
        var isFirst = at is null || (newer && !more);
        return new GalleryPage(filter, built, isFirst,
            newerExists && built.Count > 0 ? built[0].Id : null,
            olderExists && built.Count > 0 ? built[^1].Id : null);
    }

    // The image's neighbours in its grid's order, with the same keyset seeks as a page:
    // one row each way, and at most a page of newer rows to tell which page shows it.
    public async Task<ImageNeighbours?> NeighboursAsync(string ownerId, Guid id, CancellationToken ct)
    {
        var image = await db.Images.Where(i => i.OwnerId == ownerId && i.PublicId == id)
            .Select(i => new { Position = new Position(i.SortKey, i.Id), i.Status }).FirstOrDefaultAsync(ct);
        if (image is null) return null;
        var rejected = image.Status == ImageStatus.Rejected;
        var grid = rejected ? RejectedOnly : Visible;
        var linked = rejected ? RejectedOnly : options.Value.Moderation == ModerationMode.Pre ? ApprovedOnly : Visible;
        var size = options.Value.PageSize;

        var previous = await SliceAsync(ownerId, linked, image.Position, newer: true, 1, ct);
        var next = await SliceAsync(ownerId, linked, image.Position, newer: false, 1, ct);
        // Fewer than a page of newer tiles: the first page shows it. Otherwise a page that
        // starts with it (older than the tile just before it).
        var newer = await SliceAsync(ownerId, grid, image.Position, newer: true, size, ct);
        var query = new List<string>();
        if (newer.Count >= size) query.Add($"before={newer[0].PublicId:D}");
        if (rejected) query.Add("status=rejected");
        var gridUrl = (query.Count > 0 ? "/?" + string.Join("&", query) : "/") + $"#tile-{id:D}";
        return new ImageNeighbours(
            previous.Count > 0 ? previous[0].PublicId : null, next.Count > 0 ? next[0].PublicId : null, gridUrl);
    }

    // Status is the second column of the index, so "status IN (a, b) ORDER BY SortKey, Id"
    // would sort every matching row; one ordered, limited seek per status, merged, does not.
    // The keyset is (SortKey, Id): the redundant bound on SortKey alone gives the database
    // a range to seek, the OR breaks ties between images taken in the same instant.
    private async Task<List<TileRow>> SliceAsync(
        string ownerId, ImageStatus[] statuses, Position? from, bool newer, int take, CancellationToken ct)
    {
        IQueryable<Image>? union = null;
        foreach (var status in statuses)
        {
            var q = db.Images.Where(i => i.OwnerId == ownerId && i.Status == status);
            if (from is { } p) q = Beyond(q, p, older: !newer);
            var slice = (newer ? q.OrderBy(i => i.SortKey).ThenBy(i => i.Id) : q.OrderByDescending(i => i.SortKey).ThenByDescending(i => i.Id)).Take(take);
            union = union is null ? slice : union.Concat(slice);
        }
        var merged = newer ? union!.OrderBy(r => r.SortKey).ThenBy(r => r.Id) : union!.OrderByDescending(r => r.SortKey).ThenByDescending(r => r.Id);
        return await merged.Take(take).Select(TileRow.Projection).ToListAsync(ct);
    }

    private async Task<bool> ExistsAsync(string ownerId, ImageStatus[] statuses, Position than, bool older, CancellationToken ct)
    {
        foreach (var status in statuses)
            if (await Beyond(db.Images.Where(i => i.OwnerId == ownerId && i.Status == status), than, older).AnyAsync(ct))
                return true;
        return false;
    }

    private static IQueryable<Image> Beyond(IQueryable<Image> q, Position p, bool older) => older
        ? q.Where(i => i.SortKey <= p.Key && (i.SortKey < p.Key || i.Id < p.Id))
        : q.Where(i => i.SortKey >= p.Key && (i.SortKey > p.Key || i.Id > p.Id));
}

// A tile's place in the gallery's order.
public sealed record Position(DateTime Key, long Id);
