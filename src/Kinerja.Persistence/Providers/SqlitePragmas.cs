using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kinerja.Persistence.Providers;

/// <summary>
/// Sets every SQLite connection up as the store needs it: WAL (readers never block the writer),
/// <c>synchronous=FULL</c> (a commit is on disk before it is acknowledged), a busy timeout instead of
/// "database is locked", and foreign keys on.
/// </summary>
internal sealed class SqlitePragmas(string synchronous) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Text;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Text;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private string Text => $"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
}
