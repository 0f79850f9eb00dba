using Kinerja.Engine.Execution;
using Kinerja.Engine.History;
using Kinerja.Engine.Tests.Support;

namespace Kinerja.Engine.Tests.Execution;

public sealed class MigrationTests
{
    private static readonly string Version1 = BpmnText.Process("""
        <bpmn:startEvent id="start" />
        <bpmn:userTask id="isi" kinerja:timeStandard="P1D" />
        <bpmn:boundaryEvent id="ingatkan" attachedToRef="isi" cancelActivity="false">
          <bpmn:timerEventDefinition><bpmn:timeDuration>PT4H</bpmn:timeDuration></bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:userTask id="periksa" />
        <bpmn:endEvent id="end" />
        <bpmn:endEvent id="end2" />
        <bpmn:sequenceFlow id="fb" sourceRef="ingatkan" targetRef="end2" />
        """ + BpmnText.Sequence("isi", "periksa"));

    private static readonly string Version2 = BpmnText.Process("""
        <bpmn:startEvent id="start" />
        <bpmn:userTask id="isi" kinerja:timeStandard="P1D" />
        <bpmn:userTask id="verifikasi" />
        <bpmn:userTask id="periksa" />
        <bpmn:endEvent id="end" />
        """ + BpmnText.Sequence("isi", "verifikasi", "periksa"));

    [Fact]
    public async Task ARunningInstance_MovesToTheNewVersion_AndFollowsItsFlowFromWhereItWaits()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(Version1);
        var instance = await harness.StartAsync("p");
        var task = await harness.SingleTaskAsync(instance.Id, "isi");
        await harness.DeployAsync(Version2);

        var migrated = await harness.Engine.MigrateInstanceAsync(instance.Id, 2, "admin");

        Assert.Equal(("p:2", 2), (migrated.DefinitionId, migrated.DefinitionVersion));
        var moved = await harness.Engine.GetTaskAsync(task.Id);
        Assert.Equal(("p:2", task.DueAt), (moved.DefinitionId, moved.DueAt));
        Assert.DoesNotContain(harness.Timers.Pending, t => t.ElementId == "ingatkan"); // its boundary is gone in version 2
        await harness.CompleteAsync(instance.Id, "isi");
        Assert.Equal("verifikasi", Assert.Single(await harness.OpenTasksAsync(instance.Id)).ElementId);
        Assert.Contains(await harness.Engine.GetHistoryAsync(instance.Id), h => h.Kind == HistoryKind.InstanceMigrated && h.Actor == "admin");
    }

    [Fact]
    public async Task NewInstances_StartOnTheNewVersion_WhileOldOnesStayOnTheirs()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(Version1);
        var old = await harness.StartAsync("p");
        await harness.DeployAsync(Version2);

        var fresh = await harness.StartAsync("p");

        Assert.Equal("p:1", (await harness.InstanceAsync(old.Id)).DefinitionId);
        Assert.Equal("p:2", fresh.DefinitionId);
        await harness.CompleteAsync(old.Id, "isi");
        Assert.Equal("periksa", Assert.Single(await harness.OpenTasksAsync(old.Id)).ElementId);
    }

    [Fact]
    public async Task MovingIsRefused_WhenTheWaitingStepIsGone_AndTheInstanceStaysAsItWas()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(Version1);
        var instance = await harness.StartAsync("p");
        await harness.DeployAsync(Version2.Replace("\"isi\"", "\"isiData\"", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<MigrationException>(() => harness.Engine.MigrateInstanceAsync(instance.Id, 2));

        Assert.Contains(error.Problems, p => p.Contains("'isi'", StringComparison.Ordinal) && p.Contains("does not exist in version 2", StringComparison.Ordinal));
        var state = await harness.InstanceAsync(instance.Id);
        Assert.Equal("p:1", state.DefinitionId);
        Assert.Contains(harness.Timers.Pending, t => t.ElementId == "ingatkan");
    }

    [Fact]
    public async Task MovingIsRefused_WhenTheWaitingStepChangedKind()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(Version1);
        var instance = await harness.StartAsync("p");
        await harness.DeployAsync(BpmnText.Process("""
            <bpmn:startEvent id="start" />
            <bpmn:receiveTask id="isi" messageRef="m" />
            <bpmn:userTask id="periksa" />
            <bpmn:endEvent id="end" />
            """ + BpmnText.Sequence("isi", "periksa"), extraDefinitions: """<bpmn:message id="m" name="Data" />"""));

        var error = await Assert.ThrowsAsync<MigrationException>(() => harness.Engine.MigrateInstanceAsync(instance.Id, 2));

        Assert.Contains("UserTask where the instance waits but a ReceiveTask", Assert.Single(error.Problems), StringComparison.Ordinal);
    }
}
