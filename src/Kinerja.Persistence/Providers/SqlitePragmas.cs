using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kinerja.Persistence.Providers;

/// <summary>
/// Sets every SQLite connection up as the store needs it: WAL (readers never block the writer),
/// <c>synchronous=FULL</c> (a commit is on disk before it is acknowledged), a busy timeout instead of
/// "database is locked", and foreign keys on.
/// </summary>
public sealed class SqlitePragmas(string synchronous) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Text(synchronous);
        command.ExecuteNonQuery();
    }

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        ApplyAsync(connection, synchronous, cancellationToken);

    public static async Task ApplyAsync(DbConnection connection, string synchronous, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Text(synchronous);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Text(string synchronous) =>
        $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
}
