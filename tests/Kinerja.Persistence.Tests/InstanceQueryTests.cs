using Kinerja.Engine.Execution;
using Kinerja.Engine.Storage;
using Kinerja.Persistence.Providers;
using Kinerja.Persistence.Tests.Support;
using Kinerja.Testing;

namespace Kinerja.Persistence.Tests;

public sealed class InstanceQueryTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Instances_ListNewestFirst_ByProcessStatusBusinessKeyAndStart_WithTheirTotal(DatabaseProvider provider)
    {
        await using var store = await StoreEngine.CreateAsync(provider);
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        var started = new List<ProcessInstance>();
        for (var i = 0; i < 5; i++)
        {
            started.Add(await store.Engine.StartAsync(FourStepsProcess.Key, businessKey: $"LKJIP-{2021 + i}"));
            store.Clock.Advance(TimeSpan.FromHours(1));
        }

        await store.Engine.CancelInstanceAsync(started[1].Id, "dibatalkan");

        var all = await store.Engine.QueryInstancesAsync(new InstanceQuery { ProcessKey = FourStepsProcess.Key, Take = 3 });
        Assert.Equal(5, all.Total);
        Assert.Equal(started.AsEnumerable().Reverse().Take(3).Select(i => i.Id), all.Items.Select(i => i.Id));

        var cancelled = await store.Engine.QueryInstancesAsync(new InstanceQuery { Status = InstanceStatus.Cancelled });
        var summary = Assert.Single(cancelled.Items);
        Assert.Equal((started[1].Id, "LKJIP-2022", InstanceStatus.Cancelled), (summary.Id, summary.BusinessKey, summary.Status));
        Assert.NotNull(summary.EndedAt);

        var byKey = await store.Engine.QueryInstancesAsync(new InstanceQuery { BusinessKey = "LKJIP-2025" });
        Assert.Equal(started[4].Id, Assert.Single(byKey.Items).Id);

        var window = await store.Engine.QueryInstancesAsync(new InstanceQuery { StartedFrom = started[1].StartedAt, StartedBefore = started[3].StartedAt });
        Assert.Equal([started[2].Id, started[1].Id], window.Items.Select(i => i.Id));
    }

    /// <summary>
    /// The columns the list filters on are written only when they change (a completion mid-way writes just the state):
    /// a migration still moves the definition, and the last completion still ends the instance in the list.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task AnInstancesListedColumns_FollowIt_ThroughCompletionsAMigrationAndItsEnd(DatabaseProvider provider)
    {
        await using var store = await StoreEngine.CreateAsync(provider);
        await store.Engine.DeployAsync(FourStepsProcess.Xml);
        var instance = await store.Engine.StartAsync(FourStepsProcess.Key, businessKey: "LKJIP-2026");
        async Task<InstanceSummary> ListedAsync() =>
            Assert.Single((await store.Engine.QueryInstancesAsync(new InstanceQuery { BusinessKey = "LKJIP-2026" })).Items);
        async Task CompleteAsync(string elementId)
        {
            var task = Assert.Single((await store.Engine.QueryTasksAsync(new TaskQuery { InstanceId = instance.Id })).Items);
            Assert.Equal(elementId, task.ElementId);
            await store.Engine.CompleteTaskAsync(task.Id, "officer");
        }

        await CompleteAsync("t1");
        Assert.Equal(("four:1", InstanceStatus.Running, (DateTimeOffset?)null), await ListedAsync() is var a ? (a.DefinitionId, a.Status, a.EndedAt) : default);

        var renamed = FourStepsProcess.Xml.Replace("<bpmn:userTask id=\"t2\"", "<bpmn:userTask id=\"t2\" name=\"Memeriksa\"", StringComparison.Ordinal);
        Assert.True((await store.Engine.DeployAsync(renamed)).Succeeded);
        await store.Engine.MigrateInstanceAsync(instance.Id, 2, "admin");
        Assert.Equal(("four:2", InstanceStatus.Running), await ListedAsync() is var b ? (b.DefinitionId, b.Status) : default);

        await CompleteAsync("t2");
        await CompleteAsync("t3");
        Assert.Equal(("four:2", InstanceStatus.Running), await ListedAsync() is var c ? (c.DefinitionId, c.Status) : default);
        await CompleteAsync("t4");
        var ended = await ListedAsync();
        Assert.Equal(("four:2", InstanceStatus.Completed), (ended.DefinitionId, ended.Status));
        Assert.NotNull(ended.EndedAt);
        Assert.Empty((await store.Engine.QueryInstancesAsync(new InstanceQuery { Status = InstanceStatus.Running })).Items);
    }
}
