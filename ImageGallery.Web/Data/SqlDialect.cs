namespace ImageGallery.Web.Data;

// The few differences the raw SQL statements (UsageCounters, PendingImageInsert) care about.
public static class SqlDialect
{
    // EF creates PostgreSQL tables and columns with quoted, case-preserving names ("ImageCount");
    // unquoted, PostgreSQL would fold them to lower case and miss. SQLite and SQL Server match
    // names without regard to case, so their statements stay unquoted.
    public static Func<string, string> Quoter(DatabaseProvider provider) =>
        provider == DatabaseProvider.Postgres ? name => $"\"{name}\"" : name => name;
}
