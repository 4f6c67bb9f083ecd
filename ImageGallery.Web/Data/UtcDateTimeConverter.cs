using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ImageGallery.Web.Data;

public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

// Same instant at offset 0: Npgsql writes a timestamptz only from such a value, and
// refuses (throws) any other offset.
public sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
    v => v.ToUniversalTime(),
    v => v);
