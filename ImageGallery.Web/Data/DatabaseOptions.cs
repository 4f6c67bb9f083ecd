using System.ComponentModel.DataAnnotations;

namespace ImageGallery.Web.Data;

public enum DatabaseProvider { Sqlite, SqlServer, Postgres }

public sealed class DatabaseOptions : IValidatableObject
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    public bool MigrateOnStartup { get; set; } = true;

    // Bound from ConnectionStrings:Gallery, not from this section.
    public string? ConnectionString { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // SQLite falls back to a file in the data directory; a server database has no such default.
        if (Provider != DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(ConnectionString))
            yield return new ValidationResult(
                $"ConnectionStrings:Gallery is required when Database:Provider is {Provider}.",
                [nameof(ConnectionString)]);
    }
}
