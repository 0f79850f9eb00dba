using System.Data.Common;

namespace Kinerja.Persistence.Sql;

/// <summary>A command for hand-written SQL that reads by one key, given as <c>@key</c>; for either provider.</summary>
public static class KeyedCommand
{
    public static DbCommand Create(DbConnection connection, string sql, string key)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@key";
        parameter.Value = key;
        command.Parameters.Add(parameter);
        return command;
    }
}
