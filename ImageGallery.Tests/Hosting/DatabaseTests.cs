using System.Text.RegularExpressions;
using ImageGallery.Web.Accounts;
using ImageGallery.Web.Data;
using ImageGallery.Web.Uploads;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace ImageGallery.Tests.Hosting;

public class DatabaseTests
{
    // Connection strings that are never opened: the model and the scripts need none.
    private static readonly Dictionary<DatabaseProvider, string> Unused = new()
    {
        [DatabaseProvider.Sqlite] = "Data Source=:memory:",
        [DatabaseProvider.SqlServer] = "Server=unused;Database=Gallery",
        [DatabaseProvider.Postgres] = "Host=unused;Database=gallery",
    };

    // The context as the app configures it (Identity's store options shape the model too),
    // for the provider given.
    private static (ServiceProvider Services, GalleryDbContext Db) AppContext(DatabaseProvider provider)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["ConnectionStrings:Gallery"] = Unused[provider],
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(config).AddLogging()
            .AddGalleryAccounts().AddGalleryData().BuildServiceProvider();
        return (services, services.CreateScope().ServiceProvider.GetRequiredService<GalleryDbContext>());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.SqlServer)]
    [InlineData(DatabaseProvider.Postgres)]
    public void Migrations_MatchTheModelTheAppRuns(DatabaseProvider provider)
    {
        var (services, db) = AppContext(provider);
        using var _ = services;
        Assert.Equal(provider, db.Provider());
        Assert.False(db.Database.HasPendingModelChanges(), $"The model changed without a {provider} migration.");
    }

    // SQL Server cannot run here: the model and its migrations are proved by the script
    // they generate, the same one an operator would review and apply, parsed as T-SQL.
    [Fact]
    public void SqlServerMigrations_GenerateAnIdempotentScript_ThatParsesAsTSql_AndCreatesEveryTable()
    {
        var (services, db) = AppContext(DatabaseProvider.SqlServer);
        using var _ = services;

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        foreach (var table in new[] { "AspNetUsers", "AspNetRoles", "AspNetUserRoles", "Images", "AuditEntries", "__EFMigrationsHistory" })
            Assert.Contains($"CREATE TABLE [{table}]", script);
        Assert.Contains("IF NOT EXISTS", script);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Images_PublicId]", script);
        var batches = Regex.Split(script, @"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)
            .Where(b => !string.IsNullOrWhiteSpace(b)).ToList();
        Assert.True(batches.Count > 1, "The script has no GO batches.");
        foreach (var batch in batches) AssertParses(batch);
    }

    // Every statement the app writes by hand, in SQL Server's dialect.
    public static TheoryData<string, string> SqlServerRawStatements() => new()
    {
        { "reservation", UsageCounters.ReservationSql(DatabaseProvider.SqlServer) },
        { "pending image insert", PendingImageInsert.Sql(DatabaseProvider.SqlServer) },
    };

    [Theory]
    [MemberData(nameof(SqlServerRawStatements))]
    public void RawSql_SqlServerVariant_ParsesAsTSql(string name, string sql)
    {
        Assert.False(string.IsNullOrWhiteSpace(sql), name);
        AssertParses(sql);
    }

    [Fact]
    public void TSqlCheck_RejectsABrokenStatement()
    {
        // The check above can fail: a statement with a syntax error does not parse.
        Assert.NotEmpty(ParseErrors("UPDATE AspNetUsers SET ImageCount = WHERE Id = @id"));
        Assert.NotEmpty(ParseErrors(UsageCounters.ReservationSql(DatabaseProvider.SqlServer) + " LIMIT 1"));
    }

    private static IList<ParseError> ParseErrors(string sql)
    {
        // SqlClient connects with QUOTED_IDENTIFIER ON, as the parser is told here.
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return errors;
    }

    private static void AssertParses(string sql)
    {
        var errors = ParseErrors(sql);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}")) + "\nin:\n" + sql);
    }
}
