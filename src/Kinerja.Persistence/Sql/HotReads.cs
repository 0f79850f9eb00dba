using Kinerja.Engine.Execution;
using Kinerja.Persistence.Providers;
using Kinerja.Persistence.Records;

namespace Kinerja.Persistence.Sql;

/// <summary>
/// The reads every command makes, by key, as plain SQL (<see cref="KeyedReads"/>): no context to build, no model to
/// consult. The rest of the store's reads go through EF Core.
/// </summary>
internal sealed class HotReads(KinerjaDbContextFactory contexts) : IDisposable
{
    private readonly KeyedReads _reads = new(contexts.Settings);

    private const string InstanceState = """SELECT "Revision", "StateJson" FROM instances WHERE "Id" = @key""";
    public const string TaskJson = """SELECT "TaskJson" FROM tasks WHERE "Id" = @key""";
    public const string IdempotentResult = """SELECT "Result" FROM idempotency_keys WHERE "Key" = @key""";
    public const string LatestVersion = """SELECT MAX("Version") FROM definitions WHERE "ProcessKey" = @key""";

    private const string HistoryOfInstance =
        """SELECT "InstanceId", "AtUtcTicks", "Kind", "ElementId", "TaskId", "Actor", "Data", "LatenessTicks" FROM history WHERE "InstanceId" = @key ORDER BY "Id" ASC""";

    /// <summary>An instance's history in the order it was written: every task page shows it.</summary>
    public Task<List<HistoryRecord>> HistoryAsync(string instanceKey, CancellationToken cancellationToken) =>
        _reads.AllAsync(
            HistoryOfInstance,
            instanceKey,
            static row => new HistoryRecord
            {
                InstanceId = row.GetString(0),
                AtUtcTicks = row.GetInt64(1),
                Kind = row.GetString(2),
                ElementId = row.GetNullableString(3),
                TaskId = row.GetNullableString(4),
                Actor = row.GetNullableString(5),
                Data = row.GetNullableString(6),
                LatenessTicks = row.GetNullableInt64(7),
            },
            cancellationToken);

    /// <summary>
    /// An instance: what <paramref name="copyAt"/> has of the stored revision, or else its state read from JSON (which is
    /// then not even read as text); null when no row has the key.
    /// </summary>
    public Task<ProcessInstance?> InstanceAsync(string key, Func<long, ProcessInstance?> copyAt, CancellationToken cancellationToken) =>
        _reads.FirstAsync(InstanceState, key, row => copyAt(row.GetInt64(0)) ?? row.Json<ProcessInstance>(1), cancellationToken);

    /// <summary>Engine state stored as JSON (a task); null when no row has the key.</summary>
    public Task<T?> JsonAsync<T>(string sql, string key, CancellationToken cancellationToken)
        where T : class =>
        _reads.FirstAsync(sql, key, static row => row.Json<T>(0), cancellationToken);

    public Task<string?> ScalarAsync(string sql, string key, CancellationToken cancellationToken) =>
        _reads.FirstAsync(sql, key, static row => row.GetNullableString(0), cancellationToken);

    public Task<long?> NumberAsync(string sql, string key, CancellationToken cancellationToken) =>
        _reads.FirstAsync(sql, key, static row => row.GetNullableInt64(0), cancellationToken);

    public void Dispose() => _reads.Dispose();
}
