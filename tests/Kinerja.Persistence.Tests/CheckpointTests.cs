using Kinerja.Persistence.Providers;
using Kinerja.Persistence.Tests.Support;
using Kinerja.Testing;
using Microsoft.Data.Sqlite;

namespace Kinerja.Persistence.Tests;

/// <summary>
/// Copying SQLite's write-ahead log into the database file (a checkpoint) is left to the host when it asks for that: the
/// writer's commits stay in the log until <see cref="EfWorkflowStore.CheckpointAsync"/>, or until the log reaches the
/// limit. What is in the log is not yet in the database file, so the file's length tells whether a checkpoint ran.
/// </summary>
public sealed class CheckpointTests
{
    /// <summary>
    /// Instances started one after the other, each its own transaction of some 20 pages: about 1,800 pages of log in all, well
    /// over the 1,000 at which SQLite checkpoints by itself and under the writer's limit when deferred (4,000).
    /// </summary>
    private const int Starts = 80;

    [Fact]
    public async Task Deferred_TheWriterLeavesItsCommitsInTheLog_UntilTheHostAsks()
    {
        await using var store = await StoreEngine.CreateAsync(options: new StoreOptions { DeferCheckpoints = true });
        var before = await EmptyLogAsync(store);

        await StartOneByOneAsync(store);
        Assert.Equal(before, new FileInfo(store.DatabasePath).Length);
        Assert.True(store.Store.HasCommittedSinceCheckpoint);

        Assert.True(await store.Store.CheckpointAsync());
        Assert.True(new FileInfo(store.DatabasePath).Length > before);
        Assert.False(store.Store.HasCommittedSinceCheckpoint);
        Assert.False(await store.Store.CheckpointAsync()); // nothing committed since
    }

    [Fact]
    public async Task AReaderOnAnOlderSnapshot_LeavesTheCopyPartial_AndTheNextCallCopiesTheRest()
    {
        await using var store = await StoreEngine.CreateAsync(options: new StoreOptions { DeferCheckpoints = true });
        var before = await EmptyLogAsync(store);
        await store.Engine.StartAsync("four", businessKey: "before-the-reader");
        await store.Store.FlushAsync();
        await using var reader = new SqliteConnection(store.Contexts.Settings.ConnectionString);
        await reader.OpenAsync();
        await using var snapshot = reader.BeginTransaction(deferred: true);
        await using (var read = reader.CreateCommand())
        {
            read.Transaction = snapshot;
            read.CommandText = "SELECT COUNT(*) FROM instances";
            Assert.Equal(1L, await read.ExecuteScalarAsync()); // the snapshot is taken
        }

        await StartOneByOneAsync(store);
        Assert.True(await store.Store.CheckpointAsync());
        Assert.True(store.Store.HasCommittedSinceCheckpoint); // what the reader's snapshot predates is still only in the log

        await snapshot.RollbackAsync();
        Assert.True(await store.Store.CheckpointAsync());
        Assert.False(store.Store.HasCommittedSinceCheckpoint);
        Assert.True(new FileInfo(store.DatabasePath).Length > before);
    }

    [Fact]
    public async Task NotDeferred_SqliteCheckpointsInTheWritersCommit_AsItAlwaysDoes()
    {
        await using var store = await StoreEngine.CreateAsync();
        var before = await EmptyLogAsync(store);

        await StartOneByOneAsync(store);

        Assert.True(new FileInfo(store.DatabasePath).Length > before);
    }

    [Fact]
    public async Task Deferred_ButNobodyAsks_TheWriterStillCheckpointsAtTheLimit()
    {
        await using var store = await StoreEngine.CreateAsync(options: new StoreOptions { DeferCheckpoints = true, DeferredCheckpointLimitPages = 200 });
        var before = await EmptyLogAsync(store);

        await StartOneByOneAsync(store);

        Assert.True(new FileInfo(store.DatabasePath).Length > before);
    }

    [Fact]
    public async Task OnPostgreSql_ThereIsNothingToCheckpoint()
    {
        await using var store = await StoreEngine.CreateAsync(DatabaseProvider.PostgreSql, options: new StoreOptions { DeferCheckpoints = true });
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        await store.Engine.StartAsync("four");
        await store.Store.FlushAsync();

        Assert.False(store.Store.HasCommittedSinceCheckpoint);
        Assert.False(await store.Store.CheckpointAsync());
    }

    /// <summary>Deploys the process, then empties the log (what the migrations and the deployment left there) into the file.</summary>
    private static async Task<long> EmptyLogAsync(StoreEngine store)
    {
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        await using var connection = new SqliteConnection(store.Contexts.Settings.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await using (var reader = await command.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal(0, reader.GetInt32(0)); // not blocked
        }

        return new FileInfo(store.DatabasePath).Length;
    }

    private static async Task StartOneByOneAsync(StoreEngine store)
    {
        for (var i = 0; i < Starts; i++)
        {
            await store.Engine.StartAsync("four", businessKey: $"instance-{i}");
        }

        await store.Store.FlushAsync();
    }
}
