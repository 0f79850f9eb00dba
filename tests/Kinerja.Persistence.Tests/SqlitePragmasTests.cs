using System.Data.Common;
using Kinerja.Persistence.Providers;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Persistence.Tests;

public sealed class SqlitePragmasTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kinerja-pragmas-").FullName;

    [Fact]
    public async Task TheWritersConnection_IsSetUpForDurableGroupCommits()
    {
        var settings = DatabaseSettings.SqliteFile(Path.Combine(_folder, "kinerja.db"));
        await using var connection = await settings.OpenConnectionAsync(forWriting: true);

        await AssertStoreSettingsAsync(connection);
    }

    [Fact]
    public async Task AnEfCoreContextsConnection_GetsTheSameSettings()
    {
        var contexts = new KinerjaDbContextFactory(DatabaseSettings.SqliteFile(Path.Combine(_folder, "kinerja.db")));
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();

        await AssertStoreSettingsAsync(db.Database.GetDbConnection());
    }

    private static async Task AssertStoreSettingsAsync(DbConnection connection)
    {
        Assert.Equal("wal", await PragmaAsync(connection, "journal_mode"));
        Assert.Equal("2", await PragmaAsync(connection, "synchronous")); // FULL
        Assert.Equal("10000", await PragmaAsync(connection, "busy_timeout"));
        Assert.Equal("1", await PragmaAsync(connection, "foreign_keys"));

        // The savepoint journal of a group commit applied again after a lost race stays in memory instead of spilling into a temporary file.
        Assert.Equal("2", await PragmaAsync(connection, "temp_store")); // MEMORY
    }

    private static async Task<string?> PragmaAsync(DbConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
