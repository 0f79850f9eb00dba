using Kinerja.Persistence.Providers;
using Kinerja.Persistence.Records;

namespace Kinerja.Persistence.Sql;

/// <summary>
/// The reads every command makes, by primary key, as plain SQL on a pooled connection: no context to
/// build, no model to consult. The rest of the store's reads go through EF Core.
/// </summary>
internal sealed class HotReads(KinerjaDbContextFactory contexts)
{
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

    public async Task<string?> ScalarAsync(string sql, string key, CancellationToken cancellationToken) =>
        await ReadAsync(sql, key, cancellationToken) as string;

    public async Task<long?> NumberAsync(string sql, string key, CancellationToken cancellationToken) =>
        await ReadAsync(sql, key, cancellationToken) is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    private async Task<object?> ReadAsync(string sql, string key, CancellationToken cancellationToken)
    {
        await using var connection = await contexts.OpenConnectionAsync(forWriting: false, cancellationToken);
        await using var command = KeyedCommand.Create(connection, sql, key);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
