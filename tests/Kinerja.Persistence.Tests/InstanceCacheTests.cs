using Kinerja.Engine;
using Kinerja.Engine.Calendar;
using Kinerja.Engine.Execution;
using Kinerja.Engine.Storage;
using Kinerja.Persistence.Providers;
using Kinerja.Persistence.Tests.Support;
using Kinerja.Testing;
using Microsoft.EntityFrameworkCore;

namespace Kinerja.Persistence.Tests;

/// <summary>
/// The store keeps a copy of each instance it commits (<see cref="InstanceCache"/>) and starts the next command on it
/// from that copy, but only while the database still holds the copy's revision. Each test compares with what a store
/// that keeps nothing reads from the same database.
/// </summary>
public sealed class InstanceCacheTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task TheNextCommand_StartsFromTheCopy_WhichHoldsWhatWasStored(DatabaseProvider provider)
    {
        await using var store = await StoreEngine.CreateAsync(provider);
        await using var reader = new EfWorkflowStore(store.Contexts, new StoreOptions { InstanceCacheParts = 0 });
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        var instance = await store.Engine.StartAsync("four", StoreEngine.Variables(new { tahun = 2026 }), businessKey: "bk-1");

        for (var step = 1; step <= 3; step++)
        {
            var task = Assert.Single((await store.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items);
            await store.Engine.CompleteTaskAsync(task.Id, "officer", StoreEngine.Variables(new { catatan = $"langkah {step}" }));
        }

        Assert.Equal(3, store.Store.Instances.Hits); // each completion started from the copy its predecessor kept
        var fromCopy = await store.Store.LoadInstanceAsync(instance.Id);
        Assert.Equal(4, store.Store.Instances.Hits);
        var fromDatabase = await reader.LoadInstanceAsync(instance.Id);
        Assert.Equal(EngineJson.Serialize(fromDatabase), EngineJson.Serialize(fromCopy));
        Assert.Equal(4, fromCopy!.Revision);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task AfterAnotherHostsCommit_TheCopyIsNotUsed(DatabaseProvider provider)
    {
        await using var store = await StoreEngine.CreateAsync(provider);
        await using var otherStore = new EfWorkflowStore(store.Contexts);
        var otherHost = new WorkflowEngine(otherStore, store.Timers, store.Notifications, store.Clock, new WorkingCalendarProvider(store.Calendar));
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        var instance = await store.Engine.StartAsync("four");
        var task = Assert.Single((await store.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items);

        await otherHost.CompleteTaskAsync(task.Id, "officer");

        var loaded = await store.Store.LoadInstanceAsync(instance.Id);
        Assert.Equal(0, store.Store.Instances.Hits);
        Assert.Equal(2, loaded!.Revision);
        Assert.Equal("t2", Assert.Single(loaded.Tasks).ElementId);
    }

    [Fact]
    public async Task AsTheSoleWriter_TheStoreHandsOutItsCopy_WithoutAskingTheDatabaseForTheRevision()
    {
        await using var store = await StoreEngine.CreateAsync(options: new StoreOptions { SoleWriter = true });
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        var instance = await store.Engine.StartAsync("four");

        // What only another writer could do: the row's revision moved on behind the store's back. Asking the database,
        // the store would find its copy behind and read the row (AfterAnotherHostsCommit_TheCopyIsNotUsed).
        await using (var db = await store.Contexts.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("""UPDATE instances SET "Revision" = 9""");
        }

        var loaded = await store.Store.LoadInstanceAsync(instance.Id);
        Assert.Equal((1, 0), (store.Store.Instances.Hits, store.Store.Instances.Misses));
        Assert.Equal(1, loaded!.Revision);
        Assert.True(store.Store.SoleWriter);
    }

    [Fact]
    public async Task AsTheSoleWriter_ACopyThatAnotherWriterOvertookAfterAll_CannotOverwriteItsCommit()
    {
        await using var store = await StoreEngine.CreateAsync(options: new StoreOptions { SoleWriter = true });
        await using var otherStore = new EfWorkflowStore(store.Contexts);
        await using var reader = new EfWorkflowStore(store.Contexts, new StoreOptions { InstanceCacheParts = 0 });
        var otherHost = new WorkflowEngine(otherStore, store.Timers, store.Notifications, store.Clock, new WorkingCalendarProvider(store.Calendar));
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        var instance = await store.Engine.StartAsync("four");
        var task = Assert.Single((await store.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items);
        await otherHost.CompleteTaskAsync(task.Id, "petugas-lain", StoreEngine.Variables(new { catatan = "dari host lain" }));

        // The store's copy still has the task open; the completion started from it is refused when it commits over a
        // revision the database no longer holds, and tried again from the database, where the task is done.
        await Assert.ThrowsAsync<TaskStateException>(() => store.Engine.CompleteTaskAsync(task.Id, "petugas", StoreEngine.Variables(new { catatan = "ditimpa" })));

        var stored = await reader.LoadInstanceAsync(instance.Id);
        Assert.Equal(2, stored!.Revision);
        Assert.Equal("t2", Assert.Single(stored.Tasks).ElementId);
        Assert.Equal("dari host lain", stored.Variables["catatan"]!.GetValue<string>());
    }

    [Fact]
    public async Task ChangingAnInstanceAfterItsCommit_DoesNotChangeTheCopy()
    {
        await using var store = await StoreEngine.CreateAsync();
        await using var reader = new EfWorkflowStore(store.Contexts, new StoreOptions { InstanceCacheParts = 0 });
        await store.Engine.DeployAsync(FourStepsProcess.Xml);

        // The engine hands the started instance to its caller, who may do with it what it likes.
        var started = await store.Engine.StartAsync("four", StoreEngine.Variables(new { tahun = 2026 }));
        started.Variables["tahun"] = 1999;
        started.Tasks[0].CandidateGroups.Add("penyusup");
        started.Status = InstanceStatus.Cancelled;

        var loaded = await store.Store.LoadInstanceAsync(started.Id);
        Assert.Equal(1, store.Store.Instances.Hits);
        Assert.Equal(EngineJson.Serialize(await reader.LoadInstanceAsync(started.Id)), EngineJson.Serialize(loaded));
        Assert.Equal(InstanceStatus.Running, loaded!.Status);
    }

    [Fact]
    public async Task ACopyIsHandedOutOnce_TheNextLoadReadsTheDatabase()
    {
        await using var store = await StoreEngine.CreateAsync();
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        var instance = await store.Engine.StartAsync("four");

        var first = await store.Store.LoadInstanceAsync(instance.Id);
        first!.Status = InstanceStatus.Cancelled; // a command changing what it loaded, not (yet) committed
        var second = await store.Store.LoadInstanceAsync(instance.Id);

        Assert.Equal((1, 1), (store.Store.Instances.Hits, store.Store.Instances.Misses));
        Assert.NotSame(first, second);
        Assert.Equal(InstanceStatus.Running, second!.Status);
    }

    [Fact]
    public async Task TheCopiesKept_StayWithinTheCapacity_TheLeastRecentlyCommittedGoFirst()
    {
        var parts = await PartsOfAStartedInstanceAsync();
        await using var store = await StoreEngine.CreateAsync(options: new StoreOptions { InstanceCacheParts = 3 * parts });
        await store.Engine.DeployAsync(FourStepsProcess.Xml);

        var instances = new List<ProcessInstance>();
        for (var i = 0; i < 5; i++)
        {
            instances.Add(await store.Engine.StartAsync("four", businessKey: $"bk-{i}"));
        }

        Assert.Equal(3, store.Store.Instances.Count);
        foreach (var instance in instances)
        {
            await store.Store.LoadInstanceAsync(instance.Id);
        }

        Assert.Equal((3, 2), (store.Store.Instances.Hits, store.Store.Instances.Misses));
        Assert.Equal(0, store.Store.Instances.Count);
    }

    [Fact]
    public async Task WithNoCapacity_NothingIsKept()
    {
        await using var store = await StoreEngine.CreateAsync(options: new StoreOptions { InstanceCacheParts = 0 });
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        var instance = await store.Engine.StartAsync("four");

        Assert.Equal(InstanceStatus.Running, (await store.Store.LoadInstanceAsync(instance.Id))!.Status);
        Assert.Equal((0, 0), (store.Store.Instances.Count, store.Store.Instances.Hits));
    }

    private static async Task<int> PartsOfAStartedInstanceAsync()
    {
        await using var store = await StoreEngine.CreateAsync();
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        return InstanceCache.PartsOf(await store.Engine.StartAsync("four"));
    }
}
