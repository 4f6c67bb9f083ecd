using System.Data;
using System.Data.Common;

namespace ImageGallery.Web.Data;

public static class DbCommandExtensions
{
    // For the prepared statements of the presign writer: a typed parameter whose value
    // is set per row.
    public static DbParameter AddParameter(this DbCommand command, string name, DbType type)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.DbType = type;
        command.Parameters.Add(p);
        return p;
    }
}
