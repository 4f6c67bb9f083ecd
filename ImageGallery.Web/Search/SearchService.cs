using System.Globalization;
using System.Linq.Expressions;
using ImageGallery.Web.Albums;
using ImageGallery.Web.Data;
using ImageGallery.Web.Gallery;
using ImageGallery.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageGallery.Web.Search;

// Where a page of results starts: after the hit (rank, image id) that ended the last one.
public sealed record SearchCursor(int Rank, long Id)
{
    public override string ToString() => $"{Rank}.{Id}";

    public static SearchCursor? Parse(string? text) =>
        text?.Split('.') is [var r, var i] && int.TryParse(r, CultureInfo.InvariantCulture, out var rank) && rank is >= 0 and <= 2
        && long.TryParse(i, CultureInfo.InvariantCulture, out var id) ? new SearchCursor(rank, id) : null;
}

public sealed record SearchResults(IReadOnlyList<Tile> Tiles, SearchCursor? Next);

public sealed record SearchHit(long Id, int Rank);

// One person's visible images matching every word (SearchQuery). Ranked: 0 when every
// word is in the file name, 1 when every word is in the file name or the caption, 2 when
// an album name was needed; newest first within a rank. Keyset paging on (rank, id).
// SQLite uses the FTS5 trigram index (Data/SearchSchema.cs); other providers the same
// predicate as LIKE '%word%' on lower-cased text, limited to the owner's rows.
public sealed class SearchService(GalleryDbContext db, TileFactory tiles, IOptions<GalleryOptions> options)
{
    public async Task<SearchResults> SearchAsync(string ownerId, SearchQuery query, SearchCursor? after, CancellationToken ct)
    {
        var size = options.Value.PageSize;
        var hits = db.Provider() switch
        {
            DatabaseProvider.Sqlite => await SqliteAsync(ownerId, query, after, size + 1, ct),
            DatabaseProvider.Postgres => await PostgresAsync(ownerId, query, after, size + 1, ct),
            _ => await PortableAsync(ownerId, query, after, size + 1, ct),
        };
        var page = hits.Take(size).ToList();
        var ids = page.Select(h => h.Id).ToList();
        var rows = await db.Images.AsNoTracking().Where(i => ids.Contains(i.Id)).Select(TileRow.Projection).ToDictionaryAsync(r => r.Id, ct);
        var built = page.Where(h => rows.ContainsKey(h.Id)).Select(h => tiles.For(rows[h.Id])).ToList();
        return new SearchResults(built, hits.Count > size ? new SearchCursor(page[^1].Rank, page[^1].Id) : null);
    }

    private Task<List<SearchHit>> SqliteAsync(string ownerId, SearchQuery query, SearchCursor? after, int take, CancellationToken ct)
    {
        var parameters = new List<object> { query.Fts5Match, ownerId, (int)ImageStatus.AwaitingReview, (int)ImageStatus.Approved };
        string InAll(string column) => string.Join(" AND ", query.Words.Select(w =>
        {
            parameters.Add(w);
            return $"instr(lower({column}), {{{parameters.Count - 1}}}) > 0";
        }));
        var inName = InAll("i.FileName");
        var inNameOrCaption = InAll("i.FileName || ' ' || COALESCE(i.Caption, '')");
        parameters.Add(after?.Rank ?? -1);
        parameters.Add(after?.Id ?? long.MaxValue);
        parameters.Add(take);
        var n = parameters.Count;
        var sql = $$"""
            SELECT Id, Rank FROM (
                SELECT i.Id AS Id, CASE WHEN {{inName}} THEN 0 WHEN {{inNameOrCaption}} THEN 1 ELSE 2 END AS Rank
                FROM ImageSearch s JOIN Images i ON i.Id = s.rowid
                WHERE ImageSearch MATCH {0} AND i.OwnerId = {1} AND i.Status IN ({2}, {3}))
            WHERE Rank > {{{n - 3}}} OR (Rank = {{{n - 3}}} AND Id < {{{n - 2}}})
            ORDER BY Rank, Id DESC LIMIT {{{n - 1}}}
            """;
        return db.Database.SqlQueryRaw<SearchHit>(sql, parameters.ToArray()).ToListAsync(ct);
    }

    // PostgreSQL: LIKE '%word%' on lower-cased text, which the pg_trgm GIN indexes serve.
    private Task<List<SearchHit>> PostgresAsync(string ownerId, SearchQuery query, SearchCursor? after, int take, CancellationToken ct)
    {
        var parameters = new List<object> { ownerId, (int)ImageStatus.AwaitingReview, (int)ImageStatus.Approved };
        var patterns = query.Words.Select(w =>
        {
            parameters.Add("%" + w.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%");
            return $"{{{parameters.Count - 1}}}";
        }).ToList();
        string All(Func<string, string> test) => string.Join(" AND ", patterns.Select(test));
        var name = All(p => $"lower(i.\"FileName\") LIKE {p}");
        var nameOrCaption = All(p => $"(lower(i.\"FileName\") LIKE {p} OR lower(i.\"Caption\") LIKE {p})");
        // The album branch is an array computed once (an InitPlan), not "Id IN (subquery)": PostgreSQL
        // cannot put a subquery inside a BitmapOr, and with one in the OR it scanned every image
        // (a parallel seq scan, ~100 ms at 100,000 images). As "Id = ANY(array)" it is a bitmap
        // on the primary key beside the two trigram indexes', and several words AND their bitmaps.
        var anywhere = All(p => $"(lower(i.\"FileName\") LIKE {p} OR lower(i.\"Caption\") LIKE {p} OR i.\"Id\" = ANY(ARRAY" +
            $"(SELECT m.\"ImageId\" FROM \"AlbumImages\" m JOIN \"Albums\" a ON a.\"Id\" = m.\"AlbumId\" " +
            $"WHERE a.\"OwnerId\" = {{0}} AND lower(a.\"Name\") LIKE {p})))");
        parameters.Add(after?.Rank ?? -1);
        parameters.Add(after?.Id ?? long.MaxValue);
        parameters.Add(take);
        var n = parameters.Count;
        var sql = $$"""
            SELECT "Id", "Rank" FROM (
                SELECT i."Id" AS "Id", CASE WHEN {{name}} THEN 0 WHEN {{nameOrCaption}} THEN 1 ELSE 2 END AS "Rank"
                FROM "Images" i
                WHERE i."OwnerId" = {0} AND i."Status" IN ({1}, {2}) AND {{anywhere}}) h
            WHERE "Rank" > {{{n - 3}}} OR ("Rank" = {{{n - 3}}} AND "Id" < {{{n - 2}}})
            ORDER BY "Rank", "Id" DESC LIMIT {{{n - 1}}}
            """;
        return db.Database.SqlQueryRaw<SearchHit>(sql, parameters.ToArray()).ToListAsync(ct);
    }

    // SQL Server (no full-text catalog assumed): the same predicate through EF, case-insensitive
    // under the default collation, limited to the owner's rows by the (OwnerId, Status, Id) index.
    private Task<List<SearchHit>> PortableAsync(string ownerId, SearchQuery query, SearchCursor? after, int take, CancellationToken ct)
    {
        var q = db.Images.AsNoTracking().Where(i => i.OwnerId == ownerId && GalleryService.Visible.Contains(i.Status));
        foreach (var w in query.Words)
            q = q.Where(i => i.FileName.ToLower().Contains(w) || (i.Caption ?? "").ToLower().Contains(w)
                             || db.AlbumImages.Any(m => m.ImageId == i.Id && m.Album!.Name.ToLower().Contains(w)));
        var ranked = q.Select(RankOf(query));
        if (after is { } c) ranked = ranked.Where(h => h.Rank > c.Rank || (h.Rank == c.Rank && h.Id < c.Id));
        return ranked.OrderBy(h => h.Rank).ThenByDescending(h => h.Id).Take(take).ToListAsync(ct);
    }

    // i => new SearchHit(i.Id, all words in the name ? 0 : all in name or caption ? 1 : 2), built
    // per query because the number of words varies.
    private static Expression<Func<Image, SearchHit>> RankOf(SearchQuery query)
    {
        var i = Expression.Parameter(typeof(Image), "i");
        var toLower = typeof(string).GetMethod(nameof(string.ToLower), Type.EmptyTypes)!;
        var contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
        Expression Lower(Expression text) => Expression.Call(text, toLower);
        var name = Lower(Expression.Property(i, nameof(Image.FileName)));
        var caption = Lower(Expression.Coalesce(Expression.Property(i, nameof(Image.Caption)), Expression.Constant("")));
        Expression All(Func<string, Expression> test) => query.Words.Select(test).Aggregate(Expression.AndAlso);
        Expression In(Expression text, string w) => Expression.Call(text, contains, Expression.Constant(w));
        var rank = Expression.Condition(All(w => In(name, w)), Expression.Constant(0),
            Expression.Condition(All(w => Expression.OrElse(In(name, w), In(caption, w))), Expression.Constant(1), Expression.Constant(2)));
        var ctor = typeof(SearchHit).GetConstructor([typeof(long), typeof(int)])!;
        return Expression.Lambda<Func<Image, SearchHit>>(
            Expression.New(ctor, Expression.Property(i, nameof(Image.Id)), rank), i);
    }
}
