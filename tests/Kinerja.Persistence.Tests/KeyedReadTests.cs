using Kinerja.Engine.Execution;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using Kinerja.Persistence.Providers;
using Kinerja.Persistence.Sql;
using Kinerja.Persistence.Tests.Support;
using Kinerja.Testing;
using Microsoft.Data.Sqlite;

namespace Kinerja.Persistence.Tests;

/// <summary>The SQLite store's keyed reads run on connections it keeps open between reads (<c>SqliteKeyedReads</c>).</summary>
public sealed class KeyedReadTests
{
    [Fact]
    public async Task TheConnectionsKeptForReads_HoldNoSnapshot_SoACheckpointEmptiesTheLog()
    {
        var folder = Directory.CreateTempSubdirectory("kinerja-reads-").FullName;
        var connectionString = $"Data Source={Path.Combine(folder, "reads.db")};Pooling=False";
        SqliteLibrary.Configure(); // as the store's factories do before SQLite's first connection in the process
        try
        {
            await using var writer = new SqliteConnection(connectionString);
            await writer.OpenAsync();
            await ExecuteAsync(writer, """
                PRAGMA journal_mode=WAL;
                CREATE TABLE items ("Id" TEXT PRIMARY KEY, "Json" TEXT NOT NULL, "Size" INTEGER);
                INSERT INTO items VALUES ('a', '{"n":1}', 1), ('b', '{"n":2}', NULL);
                """);

            using var reads = new SqliteKeyedReads(connectionString);
            // Several reads at once, so that more than one connection is kept, each with statements of every kind.
            await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            {
                Assert.Equal("""{"n":1}""", reads.Read("""SELECT "Json" FROM items WHERE "Id" = @key""", "a", Text));
                Assert.Null(reads.Read("""SELECT "Json" FROM items WHERE "Id" = @key""", $"missing-{i}", Text));
                Assert.Null(reads.Read("""SELECT "Size" FROM items WHERE "Id" = @key""", "b", Number));
                Assert.Equal(1L, reads.Read("""SELECT "Size" FROM items WHERE "Id" = @key""", "a", Number));
            })));

            // Written after the reads: a connection that still held its read would keep these frames in the log.
            await ExecuteAsync(writer, """INSERT INTO items VALUES ('c', '{"n":3}', 3)""");
            Assert.Equal("""{"n":3}""", reads.Read("""SELECT "Json" FROM items WHERE "Id" = @key""", "c", Text));

            await using var command = writer.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(0L, reader.GetInt64(0)); // not held back by a reader
            Assert.Equal(0L, reader.GetInt64(1)); // and the log is empty afterwards
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task KeyedReads_GiveEachColumnAsStored_TheFirstRowOrEveryRowInOrder(DatabaseProvider provider)
    {
        await using var store = await StoreEngine.CreateAsync(provider);
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        var instance = await store.Engine.StartAsync("four", businessKey: "bk-7");
        var task = Assert.Single((await store.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items);
        await store.Engine.CompleteTaskAsync(task.Id, "officer");
        var key = RecordMapping.Key(instance.Id);
        var history = await store.Engine.GetHistoryAsync(instance.Id);
        using var reads = new KeyedReads(store.Contexts.Settings);

        var header = await reads.FirstAsync(
            """SELECT "BusinessKey", "EndedAtUtcTicks", "Revision", "Revision" > 1, "StateJson" FROM instances WHERE "Id" = @key""",
            key,
            static row => (BusinessKey: row.GetNullableString(0), Ended: row.GetNullableInt64(1), Revision: row.GetInt64(2), Changed: row.GetBoolean(3),
                State: row.Json<ProcessInstance>(4)));
        var rows = await reads.AllAsync(
            """SELECT "Kind", "Actor", "LatenessTicks" FROM history WHERE "InstanceId" = @key ORDER BY "Id" ASC""",
            key,
            static row => (Kind: row.GetString(0), Actor: row.GetNullableString(1), Lateness: row.GetNullableInt64(2)));

        Assert.Equal(("bk-7", (long?)null, 2L, true), (header.BusinessKey, header.Ended, header.Revision, header.Changed));
        Assert.Equal(instance.Id, header.State!.Id);
        Assert.Equal(history.Select(h => (h.Kind.ToString(), h.Actor, h.Lateness?.Ticks)), rows);
        Assert.Contains(rows, r => r.Actor is null);
        Assert.Contains(rows, r => r.Actor == "officer");
        Assert.Null(await reads.FirstAsync("""SELECT "StateJson" FROM instances WHERE "Id" = @key""", "tidak-ada", static row => row.GetString(0)));
        Assert.Empty(await reads.AllAsync("""SELECT "Kind" FROM history WHERE "InstanceId" = @key""", "tidak-ada", static row => row.GetString(0)));
    }

    private static string? Text(KeyedRow row) => row.GetNullableString(0);

    private static long? Number(KeyedRow row) => row.GetNullableInt64(0);

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task AReadAfterACommit_SeesIt()
    {
        await using var store = await StoreEngine.CreateAsync();
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        var instance = await store.Engine.StartAsync("four");
        var task = Assert.Single((await store.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items);
        var before = (await store.Store.LoadInstanceAsync(instance.Id))!.Revision;
        Assert.Equal(HumanTaskStatus.Open, (await store.Store.FindTaskAsync(task.Id))!.Status);

        await store.Engine.CompleteTaskAsync(task.Id, "officer", idempotencyKey: "complete-once");

        Assert.True((await store.Store.LoadInstanceAsync(instance.Id))!.Revision > before);
        Assert.Equal(HumanTaskStatus.Completed, (await store.Store.FindTaskAsync(task.Id))!.Status);
        Assert.NotNull(await store.Store.FindIdempotentResultAsync("complete-once"));
    }
}
