using Kinerja.Engine.Execution;
using Kinerja.Engine.History;
using Kinerja.Engine.Storage;
using Kinerja.Engine.Tasks;
using Kinerja.Persistence.Tests.Support;

namespace Kinerja.Persistence.Tests;

public sealed class EfWorkflowStoreTests
{
    [Fact]
    public async Task AnInstance_RunsToTheEnd_OnASqliteFile_AndSurvivesAReopen()
    {
        await using var sqlite = await SqliteEngine.CreateAsync();
        var deployed = await sqlite.Engine.DeployAsync(Processes.FourSteps, "four.bpmn", "admin");
        Assert.True(deployed.Succeeded);
        var instance = await sqlite.Engine.StartAsync("four", businessKey: "bk-1", startedBy: "kabag");

        for (var step = 1; step <= 4; step++)
        {
            await sqlite.ReopenAsync();
            var task = Assert.Single((await sqlite.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items);
            Assert.Equal($"t{step}", task.ElementId);
            await sqlite.Engine.CompleteTaskAsync(task.Id, "officer");
        }

        await sqlite.ReopenAsync();
        var state = await sqlite.Engine.GetInstanceAsync(instance.Id);
        Assert.Equal(InstanceStatus.Completed, state.Status);
        Assert.Equal(5, state.Revision);
        var history = await sqlite.Engine.GetHistoryAsync(instance.Id);
        Assert.Equal(4, history.Count(h => h.Kind == HistoryKind.TaskCompleted));
        Assert.Equal(HistoryKind.InstanceCompleted, history[^1].Kind);
        Assert.Empty(await sqlite.Store.GetPendingOutboxAsync(100));
    }

    [Fact]
    public async Task ACommitFromAStaleRevision_IsRefused_AndChangesNothing()
    {
        await using var sqlite = await SqliteEngine.CreateAsync();
        await sqlite.Engine.DeployAsync(Processes.FourSteps);
        var instance = await sqlite.Engine.StartAsync("four");
        var stale = await sqlite.Store.LoadInstanceAsync(instance.Id);
        var task = Assert.Single((await sqlite.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items);
        await sqlite.Engine.CompleteTaskAsync(task.Id, "officer");

        stale!.Status = InstanceStatus.Cancelled;
        stale.Revision = 2;
        var entry = new HistoryEntry(instance.Id, DateTimeOffset.UtcNow, HistoryKind.InstanceCancelled, null, null, "intruder", null, null);
        await Assert.ThrowsAsync<ConcurrencyException>(() =>
            sqlite.Store.CommitAsync(new EngineCommit([new InstanceWrite(stale, 1)], [], [entry], [], [], null, null)));

        Assert.Equal(InstanceStatus.Running, (await sqlite.Store.LoadInstanceAsync(instance.Id))!.Status);
        Assert.DoesNotContain(await sqlite.Store.GetHistoryAsync(instance.Id), h => h.Actor == "intruder");
    }

    [Fact]
    public async Task TwoPeopleCompletingOneTaskAtOnce_CompleteItOnce()
    {
        await using var sqlite = await SqliteEngine.CreateAsync();
        await sqlite.Engine.DeployAsync(Processes.FourSteps);
        var instance = await sqlite.Engine.StartAsync("four");
        var task = Assert.Single((await sqlite.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items);

        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            try
            {
                await sqlite.Engine.CompleteTaskAsync(task.Id, $"officer{i}");
                return true;
            }
            catch (TaskStateException)
            {
                return false;
            }
        }));
        var outcomes = await Task.WhenAll(attempts);

        Assert.Single(outcomes, won => won);
        var state = await sqlite.Engine.GetInstanceAsync(instance.Id);
        Assert.Equal("t2", Assert.Single(state.Tasks).ElementId);
        Assert.Single(await sqlite.Engine.GetHistoryAsync(instance.Id), h => h.Kind == HistoryKind.TaskCompleted);
    }

    [Fact]
    public async Task ManyInstancesMovingAtOnce_AllCommit_InGroupedTransactions()
    {
        await using var sqlite = await SqliteEngine.CreateAsync();
        await sqlite.Engine.DeployAsync(Processes.FourSteps);

        var instances = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => sqlite.Engine.StartAsync("four", businessKey: $"bk-{i}"))));
        await Task.WhenAll(instances.Select(i => Task.Run(async () =>
        {
            var task = Assert.Single((await sqlite.Engine.QueryTasksAsync(new TaskQuery { InstanceId = i.Id })).Items);
            await sqlite.Engine.CompleteTaskAsync(task.Id, "officer");
        })));

        var open = await sqlite.Engine.QueryTasksAsync(new TaskQuery { ElementId = "t2", Take = 100 });
        Assert.Equal(50, open.Total);
        Assert.Equal(50, (await sqlite.Engine.QueryTasksAsync(new TaskQuery { Status = HumanTaskStatus.Completed, Take = 100 })).Total);
    }

    [Fact]
    public async Task AnIdempotencyKey_AppliesACommandOnce_AcrossAReopen()
    {
        await using var sqlite = await SqliteEngine.CreateAsync();
        await sqlite.Engine.DeployAsync(Processes.FourSteps);
        var first = await sqlite.Engine.StartAsync("four", idempotencyKey: "start-1");
        await sqlite.ReopenAsync();

        var again = await sqlite.Engine.StartAsync("four", idempotencyKey: "start-1");

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(1, (await sqlite.Engine.QueryTasksAsync(new TaskQuery())).Total);
    }

    [Fact]
    public async Task DeployingTheSameFileTwice_KeepsOneVersion_AChangedFileMakesTheNext()
    {
        await using var sqlite = await SqliteEngine.CreateAsync();

        var first = await sqlite.Engine.DeployAsync(Processes.FourSteps);
        var same = await sqlite.Engine.DeployAsync(Processes.FourSteps);
        var changed = await sqlite.Engine.DeployAsync(Processes.FourSteps.Replace("PT5M", "PT10M", StringComparison.Ordinal));

        Assert.True(first.Processes.Single().IsNewVersion);
        Assert.False(same.Processes.Single().IsNewVersion);
        Assert.Equal(1, same.Processes.Single().Definition.Version);
        Assert.Equal(2, changed.Processes.Single().Definition.Version);
        Assert.Equal([1, 2], (await sqlite.Engine.ListDefinitionsAsync("four")).Select(d => d.Version));
    }
}
