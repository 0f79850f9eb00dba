using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Kinerja.Persistence.Sql;

/// <summary>
/// One of the writer's statements, prepared once on its connection and run many times with values given in
/// the order of its parameter names. On SQLite it runs on the native statement: Microsoft.Data.Sqlite looks
/// every parameter up by name and allocates a binder for every value on every run, which over the sixteen or
/// so statements of a completion was most of the writer's own CPU (docs/benchmarks.md, session 8).
/// </summary>
internal abstract class PreparedStatement : IAsyncDisposable
{
    public static PreparedStatement Create(DbConnection connection, string sql, IReadOnlyList<string> parameterNames) =>
        connection is SqliteConnection sqlite
            ? new NativeSqliteStatement(sqlite, sql, parameterNames)
            : new DbCommandStatement(connection, sql, parameterNames);

    /// <summary>Runs the statement inside <paramref name="transaction"/>; returns the number of rows it changed.</summary>
    public abstract ValueTask<int> RunAsync(DbTransaction transaction, object?[] values);

    public abstract ValueTask DisposeAsync();
}

/// <summary>Any ADO.NET provider (PostgreSQL): a prepared <see cref="DbCommand"/> whose parameters get new values each run.</summary>
internal sealed class DbCommandStatement : PreparedStatement
{
    private readonly DbCommand _command;

    public DbCommandStatement(DbConnection connection, string sql, IReadOnlyList<string> parameterNames)
    {
        _command = connection.CreateCommand();
        _command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            var parameter = _command.CreateParameter();
            parameter.ParameterName = "@" + name;
            _command.Parameters.Add(parameter);
        }
    }

    public override async ValueTask<int> RunAsync(DbTransaction transaction, object?[] values)
    {
        _command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            _command.Parameters[i].Value = values[i] switch
            {
                null => DBNull.Value,
                Utf8Text text => text.ToString(),
                var value => value,
            };
        }

        return await _command.ExecuteNonQueryAsync();
    }

    public override ValueTask DisposeAsync() => _command.DisposeAsync();
}

/// <summary>
/// SQLite: the native statement of the connection's handle, its parameters bound by position. It runs inside
/// whatever transaction the connection has open (SQLite's transactions belong to the connection), and binds the
/// values as Microsoft.Data.Sqlite would: text as UTF-8 (<see cref="Utf8Text"/> as given), integers and booleans as INTEGER, null as NULL.
/// </summary>
internal sealed class NativeSqliteStatement : PreparedStatement
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int[] _indexes;

    public NativeSqliteStatement(SqliteConnection connection, string sql, IReadOnlyList<string> parameterNames)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        Check(raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement, out var tail));
        if (!string.IsNullOrWhiteSpace(tail))
        {
            _statement.Dispose();
            throw new ArgumentException($"One statement expected; this SQL has more after it: {tail}", nameof(sql));
        }

        _indexes = new int[parameterNames.Count];
        for (var i = 0; i < _indexes.Length; i++)
        {
            _indexes[i] = raw.sqlite3_bind_parameter_index(_statement, "@" + parameterNames[i]);
            if (_indexes[i] == 0)
            {
                _statement.Dispose();
                throw new ArgumentException($"The SQL has no parameter @{parameterNames[i]}.", nameof(parameterNames));
            }
        }
    }

    public override ValueTask<int> RunAsync(DbTransaction transaction, object?[] values)
    {
        if (values.Length != _indexes.Length)
        {
            throw new ArgumentException($"{_indexes.Length} values expected, {values.Length} given.", nameof(values));
        }

        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                Bind(_indexes[i], values[i]);
            }

            int rc;
            while ((rc = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
            {
                // A RETURNING clause would give rows; the writer's statements have none to read.
            }

            Check(rc);
            return ValueTask.FromResult(raw.sqlite3_stmt_readonly(_statement) == 0 ? raw.sqlite3_changes(_db) : 0);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
            raw.sqlite3_clear_bindings(_statement);
        }
    }

    private void Bind(int index, object? value) => Check(value switch
    {
        null or DBNull => raw.sqlite3_bind_null(_statement, index),
        string text => SqliteNative.BindText(_statement, index, text),
        Utf8Text text => raw.sqlite3_bind_text(_statement, index, text.Bytes),
        long number => raw.sqlite3_bind_int64(_statement, index, number),
        int number => raw.sqlite3_bind_int64(_statement, index, number),
        bool flag => raw.sqlite3_bind_int64(_statement, index, flag ? 1 : 0),
        double number => raw.sqlite3_bind_double(_statement, index, number),
        byte[] bytes => raw.sqlite3_bind_blob(_statement, index, bytes),
        _ => throw new NotSupportedException($"The writer binds no {value.GetType().Name} (parameter {index})."),
    });

    private void Check(int rc) => SqliteNative.Check(rc, _db);

    public override ValueTask DisposeAsync()
    {
        _statement.Dispose();
        return ValueTask.CompletedTask;
    }
}
