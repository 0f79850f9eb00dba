using System.Data.Common;
using System.Text;
using Kinerja.Engine.Storage;
using SQLitePCL;

namespace Kinerja.Persistence.Sql;

/// <summary>
/// A row a keyed read found (<see cref="KeyedReads"/>), for either provider: on SQLite the prepared statement's
/// current row, read in place from SQLite's memory; elsewhere the data reader's. Valid only while the read's
/// callback runs.
/// </summary>
public readonly struct KeyedRow
{
    private readonly sqlite3_stmt? _statement;
    private readonly DbDataReader? _reader;

    internal KeyedRow(sqlite3_stmt statement) => _statement = statement;

    internal KeyedRow(DbDataReader reader) => _reader = reader;

    private DbDataReader Reader => _reader ?? throw new InvalidOperationException("This row belongs to no read.");

    public bool IsNull(int column) =>
        _statement is not null ? raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL : Reader.IsDBNull(column);

    public string GetString(int column) =>
        _statement is not null ? Encoding.UTF8.GetString(raw.sqlite3_column_blob(_statement, column)) : Reader.GetString(column);

    public string? GetNullableString(int column) => IsNull(column) ? null : GetString(column);

    public long GetInt64(int column) =>
        _statement is not null ? raw.sqlite3_column_int64(_statement, column) : Reader.GetInt64(column);

    public long? GetNullableInt64(int column) => IsNull(column) ? null : GetInt64(column);

    public bool GetBoolean(int column) =>
        _statement is not null ? raw.sqlite3_column_int64(_statement, column) != 0 : Reader.GetBoolean(column);

    /// <summary>Engine state stored as JSON; on SQLite deserialized from the row's UTF-8 text as SQLite holds it. Null for NULL.</summary>
    internal T? Json<T>(int column)
        where T : class
    {
        if (IsNull(column))
        {
            return null;
        }

        return _statement is not null
            ? EngineJson.Deserialize<T>(raw.sqlite3_column_blob(_statement, column))
            : EngineJson.Deserialize<T>(Reader.GetString(column));
    }
}
