namespace ImageGallery.Web.Data;

// The search index's schema, kept by the database itself: migrations call these, so
// every write path (EF, ExecuteUpdate, raw SQL, cascades) keeps the index right
// without the app remembering to.
public static class SearchSchema
{
    // SQLite: an FTS5 table with the trigram tokenizer (substring matching, case-folded),
    // one row per image (rowid = Images.Id): file name, caption, and the names of the
    // albums it is in, kept by triggers.
    public const string SqliteUp = """
        CREATE VIRTUAL TABLE ImageSearch USING fts5(FileName, Caption, Albums, tokenize = 'trigram');
        INSERT INTO ImageSearch(rowid, FileName, Caption, Albums)
            SELECT Id, FileName, COALESCE(Caption, ''), '' FROM Images;
        CREATE TRIGGER ImageSearch_ImageInserted AFTER INSERT ON Images BEGIN
            INSERT INTO ImageSearch(rowid, FileName, Caption, Albums) VALUES (new.Id, new.FileName, COALESCE(new.Caption, ''), '');
        END;
        CREATE TRIGGER ImageSearch_ImageDeleted AFTER DELETE ON Images BEGIN
            DELETE FROM ImageSearch WHERE rowid = old.Id;
        END;
        CREATE TRIGGER ImageSearch_ImageUpdated AFTER UPDATE OF FileName, Caption ON Images BEGIN
            UPDATE ImageSearch SET FileName = new.FileName, Caption = COALESCE(new.Caption, '') WHERE rowid = new.Id;
        END;
        CREATE TRIGGER ImageSearch_MemberAdded AFTER INSERT ON AlbumImages BEGIN
            UPDATE ImageSearch SET Albums = (SELECT COALESCE(group_concat(a.Name, ' / '), '') FROM AlbumImages m
                JOIN Albums a ON a.Id = m.AlbumId WHERE m.ImageId = new.ImageId) WHERE rowid = new.ImageId;
        END;
        CREATE TRIGGER ImageSearch_MemberRemoved AFTER DELETE ON AlbumImages BEGIN
            UPDATE ImageSearch SET Albums = (SELECT COALESCE(group_concat(a.Name, ' / '), '') FROM AlbumImages m
                JOIN Albums a ON a.Id = m.AlbumId WHERE m.ImageId = old.ImageId) WHERE rowid = old.ImageId;
        END;
        CREATE TRIGGER ImageSearch_AlbumRenamed AFTER UPDATE OF Name ON Albums BEGIN
            UPDATE ImageSearch SET Albums = (SELECT COALESCE(group_concat(a.Name, ' / '), '') FROM AlbumImages m
                JOIN Albums a ON a.Id = m.AlbumId WHERE m.ImageId = ImageSearch.rowid)
            WHERE rowid IN (SELECT ImageId FROM AlbumImages WHERE AlbumId = new.Id);
        END;
        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS ImageSearch_AlbumRenamed;
        DROP TRIGGER IF EXISTS ImageSearch_MemberRemoved;
        DROP TRIGGER IF EXISTS ImageSearch_MemberAdded;
        DROP TRIGGER IF EXISTS ImageSearch_ImageUpdated;
        DROP TRIGGER IF EXISTS ImageSearch_ImageDeleted;
        DROP TRIGGER IF EXISTS ImageSearch_ImageInserted;
        DROP TABLE IF EXISTS ImageSearch;
        """;

    // PostgreSQL: pg_trgm GIN indexes on the lower-cased texts, which serve
    // LIKE '%word%' (substring, the same semantics as SQLite's trigram FTS) without a scan.
    // Album names are searched through their own index and the membership key.
    public const string PostgresUp = """
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE INDEX "IX_Images_FileName_Trgm" ON "Images" USING gin (lower("FileName") gin_trgm_ops);
        CREATE INDEX "IX_Images_Caption_Trgm" ON "Images" USING gin (lower("Caption") gin_trgm_ops);
        CREATE INDEX "IX_Albums_Name_Trgm" ON "Albums" USING gin (lower("Name") gin_trgm_ops);
        """;

    public const string PostgresDown = """
        DROP INDEX IF EXISTS "IX_Albums_Name_Trgm";
        DROP INDEX IF EXISTS "IX_Images_Caption_Trgm";
        DROP INDEX IF EXISTS "IX_Images_FileName_Trgm";
        """;
}
