using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kinerja.Persistence.Providers;

/// <summary>
/// Sets every SQLite connection up as the store needs it: WAL (readers never block the writer),
/// <c>synchronous=FULL</c> (a commit is on disk before it is acknowledged), a busy timeout instead of
/// "database is locked", foreign keys on, and temporary storage in memory: when a commit of a group loses a race
/// after writing, the writer applies the group's other commits again, each in a savepoint, whose journal otherwise
/// spills into a temporary file once it passes 64 KiB.
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
        $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;";
}
