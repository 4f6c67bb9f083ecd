using System.Data;
using System.Data.Common;
using System.Globalization;
using ImageGallery.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ImageGallery.Web.Uploads;

// The group-commit writer's INSERT, prepared once per batch like the reservation:
// EF's SaveChanges costs more than everything else a presign does in the database.
// Values are written exactly as EF writes them (tests read such rows back through EF),
// so the rest of the app cannot tell the difference. The row's Id is not read back:
// nothing in a presign needs it.
public sealed class PendingImageInsert : IAsyncDisposable
{
    private readonly DbCommand _command;
    private readonly DatabaseProvider _provider;
    private readonly DbParameter _publicId, _ownerId, _fileName, _contentType, _size, _objectKey,
        _thumbnailKey, _thumbnailContentType, _thumbnailSize, _displayKey, _displayContentType, _displaySize, _displayWidth,
        _multipartUploadId, _partSize, _width, _height, _caption,
        _status, _rejectionReason, _createdAt, _uploadedAt, _reviewedAt, _reviewedById, _takenAt, _sortKey, _facts;

    private PendingImageInsert(DbCommand command, DatabaseProvider provider)
    {
        _command = command;
        _provider = provider;
        // SQLite keeps a Guid as upper-case TEXT and a DateTime as TEXT in EF's format;
        // SQL Server a datetime2, PostgreSQL a timestamptz (Npgsql's DbType for it is
        // DateTimeOffset; it takes a UTC DateTime).
        var guid = provider == DatabaseProvider.Sqlite ? DbType.String : DbType.Guid;
        var time = provider switch
        {
            DatabaseProvider.Sqlite => DbType.String,
            DatabaseProvider.Postgres => DbType.DateTimeOffset,
            _ => DbType.DateTime2,
        };
        _publicId = _command.AddParameter("@publicId", guid);
        _ownerId = _command.AddParameter("@ownerId", DbType.String);
        _fileName = _command.AddParameter("@fileName", DbType.String);
        _contentType = _command.AddParameter("@contentType", DbType.String);
        _size = _command.AddParameter("@size", DbType.Int64);
        _objectKey = _command.AddParameter("@objectKey", DbType.String);
        _thumbnailKey = _command.AddParameter("@thumbnailKey", DbType.String);
        _thumbnailContentType = _command.AddParameter("@thumbnailContentType", DbType.String);
        _thumbnailSize = _command.AddParameter("@thumbnailSize", DbType.Int64);
        _displayKey = _command.AddParameter("@displayKey", DbType.String);
        _displayContentType = _command.AddParameter("@displayContentType", DbType.String);
        _displaySize = _command.AddParameter("@displaySize", DbType.Int64);
        _displayWidth = _command.AddParameter("@displayWidth", DbType.Int32);
        _multipartUploadId = _command.AddParameter("@multipartUploadId", DbType.String);
        _partSize = _command.AddParameter("@partSize", DbType.Int64);
        _width = _command.AddParameter("@width", DbType.Int32);
        _height = _command.AddParameter("@height", DbType.Int32);
        _caption = _command.AddParameter("@caption", DbType.String);
        _status = _command.AddParameter("@status", DbType.Int32);
        _rejectionReason = _command.AddParameter("@rejectionReason", DbType.String);
        _createdAt = _command.AddParameter("@createdAt", time);
        _uploadedAt = _command.AddParameter("@uploadedAt", time);
        _reviewedAt = _command.AddParameter("@reviewedAt", time);
        _reviewedById = _command.AddParameter("@reviewedById", DbType.String);
        _takenAt = _command.AddParameter("@takenAt", time);
        _sortKey = _command.AddParameter("@sortKey", time);
        _facts = _command.AddParameter("@facts", DbType.String);
    }

    public static PendingImageInsert Prepare(GalleryDbContext db)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Inserts run inside a transaction.");
        var provider = db.Provider();
        command.CommandText = Sql(provider);
        return new PendingImageInsert(command, provider);
    }

    private static readonly string[] Columns =
    [
        "PublicId", "OwnerId", "FileName", "ContentType", "Size", "ObjectKey", "ThumbnailKey",
        "ThumbnailContentType", "ThumbnailSize",
        "DisplayKey", "DisplayContentType", "DisplaySize", "DisplayWidth", "MultipartUploadId", "PartSize", "Width", "Height", "Caption", "Status", "RejectionReason",
        "CreatedAt", "UploadedAt", "ReviewedAt", "ReviewedById", "TakenAt", "SortKey", "Facts",
    ];

    // Per provider, reachable from the tests that parse every dialect. Parameters are the
    // column names in camel case (@publicId).
    public static string Sql(DatabaseProvider provider)
    {
        var q = SqlDialect.Quoter(provider);
        return $"INSERT INTO {q("Images")} ({string.Join(", ", Columns.Select(q))}) " +
            $"VALUES ({string.Join(", ", Columns.Select(c => "@" + char.ToLowerInvariant(c[0]) + c[1..]))})";
    }

    public async Task InsertAsync(Image image)
    {
        _publicId.Value = _provider == DatabaseProvider.Sqlite ? image.PublicId.ToString().ToUpperInvariant() : image.PublicId;
        _ownerId.Value = image.OwnerId;
        _fileName.Value = image.FileName;
        _contentType.Value = image.ContentType;
        _size.Value = image.Size;
        _objectKey.Value = image.ObjectKey;
        _thumbnailKey.Value = Db(image.ThumbnailKey);
        _thumbnailContentType.Value = Db(image.ThumbnailContentType);
        _thumbnailSize.Value = Db(image.ThumbnailSize);
        _displayKey.Value = Db(image.DisplayKey);
        _displayContentType.Value = Db(image.DisplayContentType);
        _displaySize.Value = Db(image.DisplaySize);
        _displayWidth.Value = Db(image.DisplayWidth);
        _multipartUploadId.Value = Db(image.MultipartUploadId);
        _partSize.Value = Db(image.PartSize);
        _width.Value = Db(image.Width);
        _height.Value = Db(image.Height);
        _caption.Value = Db(image.Caption);
        _status.Value = (int)image.Status;
        _rejectionReason.Value = Db(image.RejectionReason);
        _createdAt.Value = Time(image.CreatedAt);
        _uploadedAt.Value = image.UploadedAt is { } uploaded ? Time(uploaded) : DBNull.Value;
        _reviewedAt.Value = image.ReviewedAt is { } reviewed ? Time(reviewed) : DBNull.Value;
        _reviewedById.Value = Db(image.ReviewedById);
        _takenAt.Value = image.TakenAt is { } taken ? Time(taken) : DBNull.Value;
        _sortKey.Value = Time(image.SortKey);
        _facts.Value = Db(PhotoFacts.Serialize(image.Facts));
        await _command.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();

    // As UtcDateTimeConverter stores it: in UTC.
    private object Time(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime();
        return _provider == DatabaseProvider.Sqlite ? utc.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture) : utc;
    }

    private static object Db<T>(T? value) => value is null ? DBNull.Value : value;
}
