using Kinerja.Engine.Storage;
using Kinerja.Persistence.Providers;
using Kinerja.Persistence.Records;
using SQLitePCL;

namespace Kinerja.Persistence.Sql;

/// <summary>
/// The reads every command makes, by primary key, as plain SQL: no context to build, no model to consult
/// (on SQLite through <see cref="SqliteKeyedReads"/>, on PostgreSQL on a pooled connection). The rest of
/// the store's reads go through EF Core.
/// </summary>
internal sealed class HotReads(KinerjaDbContextFactory contexts) : IDisposable
{
    private readonly SqliteKeyedReads? _sqlite = contexts.Settings.Provider == DatabaseProvider.Sqlite
        ? new SqliteKeyedReads(contexts.Settings.ConnectionString)
        : null;

    public const string InstanceState = """SELECT "StateJson" FROM instances WHERE "Id" = @key""";
    public const string TaskJson = """SELECT "TaskJson" FROM tasks WHERE "Id" = @key""";
    public const string IdempotentResult = """SELECT "Result" FROM idempotency_keys WHERE "Key" = @key""";
    public const string LatestVersion = """SELECT MAX("Version") FROM definitions WHERE "ProcessKey" = @key""";

    private const string HistoryOfInstance =
        """SELECT "InstanceId", "AtUtcTicks", "Kind", "ElementId", "TaskId", "Actor", "Data", "LatenessTicks" FROM history WHERE "InstanceId" = @key ORDER BY "Id" ASC""";

    /// <summary>An instance's history in the order it was written: every task page shows it.</summary>
    public async Task<List<HistoryRecord>> HistoryAsync(string instanceKey, CancellationToken cancellationToken)
    {
        await using var connection = await contexts.OpenConnectionAsync(forWriting: false, cancellationToken);
        await using var command = KeyedCommand.Create(connection, HistoryOfInstance, instanceKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<HistoryRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new HistoryRecord
            {
                InstanceId = reader.GetString(0),
                AtUtcTicks = reader.GetInt64(1),
                Kind = reader.GetString(2),
                ElementId = reader.IsDBNull(3) ? null : reader.GetString(3),
                TaskId = reader.IsDBNull(4) ? null : reader.GetString(4),
                Actor = reader.IsDBNull(5) ? null : reader.GetString(5),
                Data = reader.IsDBNull(6) ? null : reader.GetString(6),
                LatenessTicks = reader.IsDBNull(7) ? null : reader.GetInt64(7),
            });
        }

        return records;
    }

    /// <summary>Engine state stored as JSON (an instance, a task), read from the row's UTF-8 text; null when no row has the key.</summary>
    public Task<T?> JsonAsync<T>(string sql, string key, CancellationToken cancellationToken)
        where T : class =>
        ReadOneAsync(
            sql,
            key,
            static row => raw.sqlite3_column_type(row, 0) == raw.SQLITE_NULL ? null : EngineJson.Deserialize<T>(raw.sqlite3_column_blob(row, 0)),
            static value => EngineJson.Deserialize<T>((string)value),
            cancellationToken);

    public Task<string?> ScalarAsync(string sql, string key, CancellationToken cancellationToken) =>
        ReadOneAsync(sql, key, SqliteKeyedReads.Text, static value => value as string, cancellationToken);

    public Task<long?> NumberAsync(string sql, string key, CancellationToken cancellationToken) =>
        ReadOneAsync(sql, key, SqliteKeyedReads.Number, static value => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

    /// <summary>One value by key: on SQLite from the row in place (<paramref name="fromRow"/>), elsewhere from the provider's value (<paramref name="fromValue"/>, never NULL).</summary>
    private async Task<T?> ReadOneAsync<T>(string sql, string key, ReadRow<T?> fromRow, Func<object, T?> fromValue, CancellationToken cancellationToken)
    {
        if (_sqlite is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return _sqlite.Read(sql, key, fromRow);
        }

        return await ReadAsync(sql, key, cancellationToken) is { } value and not DBNull ? fromValue(value) : default;
    }

    private async Task<object?> ReadAsync(string sql, string key, CancellationToken cancellationToken)
    {
        await using var connection = await contexts.OpenConnectionAsync(forWriting: false, cancellationToken);
        await using var command = KeyedCommand.Create(connection, sql, key);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    public void Dispose() => _sqlite?.Dispose();
}
