using Kinerja.Persistence.Providers;
using Kinerja.Persistence.Tests.Support;
using Kinerja.Testing;
using SQLitePCL;

namespace Kinerja.Persistence.Tests;

/// <summary>
/// The store sets the SQLite library up before its first connection. Every test of this assembly that opens SQLite does so
/// through the store's factories (or calls <see cref="SqliteLibrary.Configure"/> first, as they do), so whichever runs first
/// sets it up the way a host does.
/// </summary>
public sealed class SqliteLibraryTests
{
    [Fact]
    public async Task TheStoresSqlite_KeepsNoMemoryStatistics_SoItsAllocationsTakeNoLockSharedByTheProcess()
    {
        await using var store = await StoreEngine.CreateAsync(DatabaseProvider.Sqlite);
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        await store.Engine.StartAsync("four", businessKey: "memory");

        // Connections are open and have allocated: with statistics kept, SQLite would count their memory here.
        Assert.True(SqliteLibrary.Configure(), "SQLite was started before the store could set it up.");
        Assert.Equal(0, raw.sqlite3_memory_used());
    }
}
