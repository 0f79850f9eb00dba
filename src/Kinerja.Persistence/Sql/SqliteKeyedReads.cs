using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Kinerja.Persistence.Sql;

/// <summary>
/// The reads by key every command and task page makes, on SQLite (<see cref="KeyedReads"/>): a few connections
/// kept open with their statements prepared, each read renting one. Through Microsoft.Data.Sqlite every read
/// would open a pooled connection, prepare its statement again and copy the row into strings; here a read binds
/// its key, steps and hands each row (<see cref="KeyedRow"/>) to the caller, who reads JSON from the UTF-8 text
/// as SQLite holds it. An idle connection holds no read transaction (its statements are reset after each read),
/// so it keeps no snapshot and never holds back a checkpoint.
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
    public T? Read<T>(string sql, string key, Func<KeyedRow, T?> read)
    {
        ArgumentNullException.ThrowIfNull(key);
        return WithSession(session => session.Read(sql, key, read));
    }

    /// <summary>Runs <paramref name="sql"/> (one parameter, <c>@key</c>) and reads every row it gives.</summary>
    public List<T> ReadAll<T>(string sql, string key, Func<KeyedRow, T> read)
    {
        ArgumentNullException.ThrowIfNull(key);
        return WithSession(session => session.ReadAll(sql, key, read));
    }

    private T WithSession<T>(Func<Session, T> use)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var session = Rent();
        try
        {
            var result = use(session);
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

        public T? Read<T>(string sql, string key, Func<KeyedRow, T?> read)
        {
            var statement = Bound(sql, key);
            try
            {
                var rc = raw.sqlite3_step(statement);
                if (rc == raw.SQLITE_ROW)
                {
                    return read(new KeyedRow(statement));
                }

                Check(rc);
                return default;
            }
            finally
            {
                Reset(statement);
            }
        }

        public List<T> ReadAll<T>(string sql, string key, Func<KeyedRow, T> read)
        {
            var statement = Bound(sql, key);
            try
            {
                var rows = new List<T>();
                int rc;
                while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                {
                    rows.Add(read(new KeyedRow(statement)));
                }

                Check(rc);
                return rows;
            }
            finally
            {
                Reset(statement);
            }
        }

        private sqlite3_stmt Bound(string sql, string key)
        {
            var statement = Statement(sql);
            Check(SqliteNative.BindText(statement, 1, key));
            return statement;
        }

        /// <summary>Ends the statement's read (so the connection keeps no snapshot) and lets go of its key.</summary>
        private static void Reset(sqlite3_stmt statement)
        {
            raw.sqlite3_reset(statement);
            raw.sqlite3_clear_bindings(statement);
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
