using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kinerja.Persistence.Providers;

/// <summary>
/// Sets every SQLite connection up as the store needs it: WAL (readers never block the writer),
/// <c>synchronous=FULL</c> (a commit is on disk before it is acknowledged), a busy timeout instead of
/// "database is locked", foreign keys on, and temporary storage in memory: the writer gives each commit of a
/// group its own savepoint, whose journal otherwise spills into a temporary file once it passes 64 KiB (about
/// sixty small writes per completion, measured in the host benchmark).
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
