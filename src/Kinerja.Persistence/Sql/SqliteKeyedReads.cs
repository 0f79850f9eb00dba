using System.Collections.Concurrent;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Kinerja.Persistence.Sql;

/// <summary>Turns the row a keyed read found into its value, straight from SQLite's memory (valid only during the call).</summary>
internal delegate T ReadRow<out T>(sqlite3_stmt row);

/// <summary>
/// The one-row reads every command makes, on SQLite: a few connections kept open with their statements
/// prepared, each read renting one. Through Microsoft.Data.Sqlite every read would open a pooled connection,
/// prepare its statement again and copy the row into strings; here a read binds its key, steps once and hands
/// the row to <see cref="ReadRow{T}"/>, which reads JSON from the UTF-8 text as SQLite holds it. An idle
/// connection holds no read transaction (its statements are reset after each read), so it keeps no snapshot
/// and never holds back a checkpoint.
/// </summary>
internal sealed class SqliteKeyedReads(string connectionString) : IDisposable
{
    /// <summary>How many idle connections are kept; a burst may open more, closed again as they come back.</summary>
    private static readonly int MaxIdle = Math.Max(4, Environment.ProcessorCount * 2);

    /// <summary>How long a read waits out a writer's checkpoint or recovery before it reports the database busy.</summary>
    private const int BusyTimeoutMs = 10_000;

    private readonly ConcurrentBag<Session> _idle = [];
    private int _idleCount;
    private volatile bool _disposed;

    /// <summary>Runs <paramref name="sql"/> (one parameter, <c>@key</c>) and reads its first row, or gives <c>default</c> when none matches.</summary>
    public T? Read<T>(string sql, string key, ReadRow<T> read)
    {
        ArgumentNullException.ThrowIfNull(key);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var session = Rent();
        try
        {
            var result = session.Read(sql, key, read);
            Return(session);
            return result;
        }
        catch
        {
            // A connection that failed mid-read is not trusted again.
            session.Dispose();
            throw;
        }
    }

    private Session Rent()
    {
        if (_idle.TryTake(out var session))
        {
            Interlocked.Decrement(ref _idleCount);
            return session;
        }

        return new Session(connectionString);
    }

    private void Return(Session session)
    {
        if (_disposed || Interlocked.Increment(ref _idleCount) > MaxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            session.Dispose();
            return;
        }

        _idle.Add(session);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var session))
        {
            session.Dispose();
        }
    }

    /// <summary>Text of a column as a string (for a small value such as an idempotent result); null for NULL.</summary>
    public static string? Text(sqlite3_stmt row) =>
        raw.sqlite3_column_type(row, 0) == raw.SQLITE_NULL ? null : Encoding.UTF8.GetString(raw.sqlite3_column_blob(row, 0));

    /// <summary>A column as a number; null for NULL.</summary>
    public static long? Number(sqlite3_stmt row) =>
        raw.sqlite3_column_type(row, 0) == raw.SQLITE_NULL ? null : raw.sqlite3_column_int64(row, 0);

    /// <summary>An open connection and the statements prepared on it, used by one read at a time.</summary>
    private sealed class Session : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly sqlite3 _db;
        private readonly Dictionary<string, sqlite3_stmt> _statements = new(StringComparer.Ordinal);

        public Session(string connectionString)
        {
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
            _db = _connection.Handle!;
            raw.sqlite3_busy_timeout(_db, BusyTimeoutMs);
        }

        public T? Read<T>(string sql, string key, ReadRow<T> read)
        {
            var statement = Statement(sql);
            try
            {
                Check(SqliteNative.BindText(statement, 1, key));
                var rc = raw.sqlite3_step(statement);
                if (rc == raw.SQLITE_ROW)
                {
                    return read(statement);
                }

                Check(rc);
                return default;
            }
            finally
            {
                raw.sqlite3_reset(statement);
                raw.sqlite3_clear_bindings(statement);
            }
        }

        private sqlite3_stmt Statement(string sql)
        {
            if (!_statements.TryGetValue(sql, out var statement))
            {
                Check(raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out statement));
                if (raw.sqlite3_bind_parameter_index(statement, "@key") != 1 || raw.sqlite3_bind_parameter_count(statement) != 1)
                {
                    statement.Dispose();
                    throw new ArgumentException($"A keyed read takes one parameter, @key: {sql}", nameof(sql));
                }

                _statements[sql] = statement;
            }

            return statement;
        }

        private void Check(int rc) => SqliteNative.Check(rc, _db);

        public void Dispose()
        {
            foreach (var statement in _statements.Values)
            {
                statement.Dispose();
            }

            _statements.Clear();
            _connection.Dispose();
        }
    }
}
