using Kinerja.Persistence.Providers;

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

    public async Task<string?> ScalarAsync(string sql, string key, CancellationToken cancellationToken) =>
        await ReadAsync(sql, key, cancellationToken) as string;

    public async Task<long?> NumberAsync(string sql, string key, CancellationToken cancellationToken) =>
        await ReadAsync(sql, key, cancellationToken) is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    private async Task<object?> ReadAsync(string sql, string key, CancellationToken cancellationToken)
    {
        await using var connection = await contexts.OpenConnectionAsync(forWriting: false, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@key";
        parameter.Value = key;
        command.Parameters.Add(parameter);
        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
