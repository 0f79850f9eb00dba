using Kinerja.Engine.Execution;
using Kinerja.Engine.History;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using Kinerja.Persistence.Providers;
using Kinerja.Persistence.Tests.Support;
using Kinerja.Testing;

namespace Kinerja.Persistence.Tests;

public sealed class EfWorkflowStoreTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task AnInstance_RunsToTheEnd_OnASqliteFile_AndSurvivesAReopen(DatabaseProvider provider)
    {
        await using var store = await StoreEngine.CreateAsync(provider);
        var deployed = await store.Engine.DeployAsync(FourStepsProcess.Xml, "four.bpmn", "admin");
        Assert.True(deployed.Succeeded);
        var instance = await store.Engine.StartAsync("four", businessKey: "bk-1", startedBy: "kabag");

        for (var step = 1; step <= 4; step++)
        {
            await store.ReopenAsync();
            var task = Assert.Single((await store.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items);
            Assert.Equal($"t{step}", task.ElementId);
            await store.Engine.CompleteTaskAsync(task.Id, "officer");
        }

        await store.ReopenAsync();
        var state = await store.Engine.GetInstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Completed, state.Status);
        Assert.Equal(5, state.Revision);
        var history = await store.Engine.GetHistoryAsync(instance.Id);
        Assert.Equal(4, history.Count(h => h.Kind == HistoryKind.TaskCompleted));
        Assert.Equal(HistoryKind.InstanceCompleted, history[^1].Kind);
        Assert.Empty(await store.Store.GetPendingOutboxAsync(100));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task ACommitFromAStaleRevision_IsRefused_AndChangesNothing(DatabaseProvider provider)
    {
        await using var store = await StoreEngine.CreateAsync(provider);
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        var instance = await store.Engine.StartAsync("four");
        var stale = await store.Store.LoadInstanceAsync(instance.Id);
        var task = Assert.Single((await store.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items);
        await store.Engine.CompleteTaskAsync(task.Id, "officer");

        stale!.Status = InstanceStatus.Cancelled;
        stale.Revision = 2;
        var entry = new HistoryEntry(instance.Id, DateTimeOffset.UtcNow, HistoryKind.InstanceCancelled, null, null, "intruder", null, null);
        await Assert.ThrowsAsync<ConcurrencyException>(() =>
            store.Store.CommitAsync(new EngineCommit([new InstanceWrite(stale, 1)], [], [entry], [], [], null, null)));

        Assert.Equal(InstanceStatus.Running, (await store.Store.LoadInstanceAsync(instance.Id))!.Status);
        Assert.DoesNotContain(await store.Store.GetHistoryAsync(instance.Id), h => h.Actor == "intruder");
    }

    /// <summary>
    /// Commits made before the writer's flush runs share its transaction: one that lost its race after it had already
    /// written (here to another instance) is undone alone, and the commits before and after it in the transaction are kept.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task InOneGroupCommit_ACommitThatLostItsRace_IsUndoneAlone_AndTheOthersAreKept(DatabaseProvider provider)
    {
        await using var store = await StoreEngine.CreateAsync(provider);
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        var instances = new List<ProcessInstance>();
        for (var i = 0; i < 22; i++)
        {
            instances.Add(await store.Engine.StartAsync("four", businessKey: $"group-{i}"));
        }

        async Task<(InstanceWrite Write, HistoryEntry Entry)> ChangeAsync(int i, bool stale)
        {
            var instance = (await store.Store.LoadInstanceAsync(instances[i].Id))!;
            var loadedAt = instance.Revision;
            instance.Revision++;
            return (new InstanceWrite(instance, stale ? loadedAt - 1 : loadedAt, SubscriptionsChanged: false),
                new HistoryEntry(instance.Id, DateTimeOffset.UtcNow, HistoryKind.VariablesSet, null, null, $"writer-{i}", null, null));
        }

        // Commit 14 first changes instance 21 (no one else touches it), then instance 14 from a stale revision: it must
        // fail as a whole, so instance 21's change is undone with it.
        const int loser = 14;
        const int bystander = 21;
        var commits = new List<EngineCommit>();
        for (var i = 0; i < bystander; i++)
        {
            var changes = i == loser ? [await ChangeAsync(bystander, stale: false), await ChangeAsync(i, stale: true)] : new[] { await ChangeAsync(i, stale: false) };
            commits.Add(new EngineCommit(changes.Select(c => c.Write).ToList(), [], changes.Select(c => c.Entry).ToList(), [], [], null, null));
        }

        // Handed to the store one after another without waiting: the flush the first one queues takes along those applied by then.
        var written = commits.Select(c => store.Store.CommitAsync(c)).ToList();
        await Task.WhenAll(written.Where((_, i) => i != loser));
        await Assert.ThrowsAsync<ConcurrencyException>(() => written[loser]);

        foreach (var (instance, i) in instances.Select((instance, i) => (instance, i)))
        {
            var history = await store.Store.GetHistoryAsync(instance.Id);
            var stored = (await store.Store.LoadInstanceAsync(instance.Id))!;
            var kept = i is not loser and not bystander;
            Assert.Equal(kept ? 1 : 0, history.Count(h => h.Actor == $"writer-{i}"));
            Assert.Equal(kept ? instance.Revision + 1 : instance.Revision, stored.Revision);
        }
    }

    /// <summary>A commit's history lines go in a few rows per statement; however many there are, each is stored whole and in order.</summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, 1)]
    [InlineData(DatabaseProvider.Sqlite, 8)]
    [InlineData(DatabaseProvider.Sqlite, 19)]
    [InlineData(DatabaseProvider.PostgreSql, 19)]
    public async Task ACommitsHistoryLines_AreStoredWholeAndInOrder_HoweverMany(DatabaseProvider provider, int lines)
    {
        await using var store = await StoreEngine.CreateAsync(provider);
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        var instance = await store.Engine.StartAsync("four");
        var loaded = (await store.Store.LoadInstanceAsync(instance.Id))!;
        var loadedAt = loaded.Revision;
        loaded.Revision++;
        var at = new DateTimeOffset(2026, 12, 4, 9, 30, 0, TimeSpan.Zero);
        var entries = Enumerable.Range(0, lines).Select(i => new HistoryEntry(
            instance.Id,
            at.AddSeconds(i),
            i % 2 == 0 ? HistoryKind.VariablesSet : HistoryKind.TaskReassigned,
            i % 3 == 0 ? null : $"t{i}",
            i % 4 == 0 ? null : $"task-{i}",
            $"writer-{i}",
            i % 5 == 0 ? null : $$"""{"line":{{i}}}""",
            i % 2 == 0 ? null : TimeSpan.FromMinutes(i))).ToList();

        await store.Store.CommitAsync(new EngineCommit([new InstanceWrite(loaded, loadedAt, SubscriptionsChanged: false, HeaderChanged: false)], [], entries, [], [], null, null));

        var stored = (await store.Store.GetHistoryAsync(instance.Id)).Where(h => h.Actor?.StartsWith("writer-", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(entries, stored);
        Assert.Equal(loaded.Revision, (await store.Store.LoadInstanceAsync(instance.Id))!.Revision);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task TwoPeopleCompletingOneTaskAtOnce_CompleteItOnce(DatabaseProvider provider)
    {
        await using var store = await StoreEngine.CreateAsync(provider);
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        var instance = await store.Engine.StartAsync("four");
        var task = Assert.Single((await store.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items);

        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.Engine.CompleteTaskAsync(task.Id, $"officer{i}");
                return true;
            }
            catch (TaskStateException)
            {
                return false;
            }
        }));
        var outcomes = await Task.WhenAll(attempts);

        Assert.Single(outcomes, won => won);
        var state = await store.Engine.GetInstanceAsync(instance.Id);
        Assert.Equal("t2", Assert.Single(state.Tasks).ElementId);
        Assert.Single(await store.Engine.GetHistoryAsync(instance.Id), h => h.Kind == HistoryKind.TaskCompleted);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task ManyInstancesMovingAtOnce_AllCommit_InGroupedTransactions(DatabaseProvider provider)
    {
        await using var store = await StoreEngine.CreateAsync(provider);
        await store.Engine.DeployAsync(FourStepsProcess.Xml);

        var instances = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => store.Engine.StartAsync("four", businessKey: $"bk-{i}"))));
        await Task.WhenAll(instances.Select(i => Task.Run(async () =>
        {
            var task = Assert.Single((await store.Engine.QueryTasksAsync(new TaskQuery { InstanceId = i.Id })).Items);
            await store.Engine.CompleteTaskAsync(task.Id, "officer");
        })));

        var open = await store.Engine.QueryTasksAsync(new TaskQuery { ElementId = "t2", Take = 100 });
        Assert.Equal(50, open.Total);
        Assert.Equal(50, (await store.Engine.QueryTasksAsync(new TaskQuery { Status = HumanTaskStatus.Completed, Take = 100 })).Total);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task AnIdempotencyKey_AppliesACommandOnce_AcrossAReopen(DatabaseProvider provider)
    {
        await using var store = await StoreEngine.CreateAsync(provider);
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        var first = await store.Engine.StartAsync("four", idempotencyKey: "start-1");
        await store.ReopenAsync();

        var again = await store.Engine.StartAsync("four", idempotencyKey: "start-1");

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(1, (await store.Engine.QueryTasksAsync(new TaskQuery())).Total);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task DeployingTheSameFileTwice_KeepsOneVersion_AChangedFileMakesTheNext(DatabaseProvider provider)
    {
        await using var store = await StoreEngine.CreateAsync(provider);

        var first = await store.Engine.DeployAsync(FourStepsProcess.Xml);
        var same = await store.Engine.DeployAsync(FourStepsProcess.Xml);
        var changed = await store.Engine.DeployAsync(FourStepsProcess.Xml.Replace("PT5M", "PT10M", StringComparison.Ordinal));

        Assert.True(first.Processes.Single().IsNewVersion);
        Assert.False(same.Processes.Single().IsNewVersion);
        Assert.Equal(1, same.Processes.Single().Definition.Version);
        Assert.Equal(2, changed.Processes.Single().Definition.Version);
        Assert.Equal([1, 2], (await store.Engine.ListDefinitionsAsync("four")).Select(d => d.Version));
    }
}
