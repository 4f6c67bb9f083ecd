using ImageGallery.Web.Albums;
using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using ImageGallery.Web.Trash;
using Microsoft.EntityFrameworkCore;

namespace ImageGallery.Web.Downloads;

public sealed record DownloadFile(Guid Id, string Name, long Size, string ContentType, Uri Url);

public sealed record DownloadList(IReadOnlyList<DownloadFile> Files, IReadOnlyList<Guid> Missing, Guid? Next);

// Signed URLs of originals for the browser's ZIP (wwwroot/js/zip-download.js): the bytes
// go from storage to the browser, never through the app. Only what the image page
// would serve: the owner's images whose original is served (ImageUrls.ServesOriginal).
public sealed class DownloadService(GalleryDbContext db, ImageUrls urls, AlbumBrowser albums)
{
    public async Task<DownloadList> ForImagesAsync(string ownerId, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        var rows = await db.Images.AsNoTracking()
            .Where(i => i.OwnerId == ownerId && wanted.Contains(i.PublicId) && GalleryService.Visible.Contains(i.Status))
            .OrderByDescending(i => i.Id).Select(TileRow.Projection).ToListAsync(ct);
        var files = Files(rows);
        return new DownloadList(files, wanted.Except(files.Select(f => f.Id)).ToList(), null);
    }

    // An album, BulkIds.Max at a time in the album's order; Next names where the next call starts.
    // Null when the album is not the owner's.
    public async Task<DownloadList?> ForAlbumAsync(string ownerId, Guid albumId, Guid? after, CancellationToken ct)
    {
        var album = await db.Albums.Where(a => a.OwnerId == ownerId && a.PublicId == albumId).Select(a => (long?)a.Id).FirstOrDefaultAsync(ct);
        if (album is null) return null;
        Position? cursor = null;
        if (after is { } id && (cursor = await albums.MemberPositionAsync(album.Value, ownerId, id, ct)) is null) return null;
        // The album page's own seeks (members, then their images by key), not one join.
        var rows = await albums.SliceAsync(album.Value, ownerId, cursor, newer: false, BulkIds.Max + 1, ct);
        var more = rows.Count > BulkIds.Max;
        var page = rows.Take(BulkIds.Max).ToList();
        return new DownloadList(Files(page), [], more ? page[^1].PublicId : null);
    }

    private List<DownloadFile> Files(IEnumerable<TileRow> rows) =>
        rows.Where(r => urls.ServesOriginal(r.Status, Viewer.Owner))
            .Select(r => new DownloadFile(r.PublicId, r.FileName, r.Size, r.ContentType,
                urls.Original(r.Objects, Viewer.Owner, download: true)!))
            .ToList();
}
