using Kinerja.Engine.Execution;
using Kinerja.Engine.Tests.Support;

namespace Kinerja.Engine.Tests.Execution;

public sealed class ExclusiveGatewayTests
{
    private static readonly string Choice = BpmnText.Process("""
        <bpmn:startEvent id="start" />
        <bpmn:exclusiveGateway id="gw" default="toSmall" />
        <bpmn:userTask id="big" />
        <bpmn:userTask id="small" />
        <bpmn:endEvent id="end" />
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
        <bpmn:sequenceFlow id="toBig" sourceRef="gw" targetRef="big">
          <bpmn:conditionExpression>${jumlah &gt; 10}</bpmn:conditionExpression>
        </bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="toSmall" sourceRef="gw" targetRef="small" />
        <bpmn:sequenceFlow id="f2" sourceRef="big" targetRef="end" />
        <bpmn:sequenceFlow id="f3" sourceRef="small" targetRef="end" />
        """);

    [Theory]
    [InlineData(42, "big")]
    [InlineData(3, "small")]
    public async Task TakesTheFirstTrueCondition_OrTheDefaultFlow(int jumlah, string expectedTask)
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(Choice);

        var instance = await harness.StartAsync("p", new { jumlah });

        var tasks = await harness.OpenTasksAsync(instance.Id);
        Assert.Equal([expectedTask], tasks.Select(t => t.ElementId));
    }

    [Fact]
    public async Task AConditionThatFails_RefusesTheCommand_AndStoresNothing()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(Choice);

        var error = await Assert.ThrowsAsync<EngineException>(() => harness.StartAsync("p", new { other = 1 }));

        Assert.Equal("toBig", error.ElementId);
        Assert.Contains("jumlah", error.Message, StringComparison.Ordinal);
        Assert.Empty((await harness.Engine.QueryTasksAsync(new Storage.TaskQuery())).Items);
    }
}

public sealed class ParallelGatewayTests
{
    private static readonly string ForkJoin = BpmnText.Process("""
        <bpmn:startEvent id="start" />
        <bpmn:parallelGateway id="fork" />
        <bpmn:userTask id="a" />
        <bpmn:userTask id="b" />
        <bpmn:parallelGateway id="join" />
        <bpmn:userTask id="after" />
        <bpmn:endEvent id="end" />
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
        <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="a" />
        <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="b" />
        <bpmn:sequenceFlow id="f4" sourceRef="a" targetRef="join" />
        <bpmn:sequenceFlow id="f5" sourceRef="b" targetRef="join" />
        <bpmn:sequenceFlow id="f6" sourceRef="join" targetRef="after" />
        <bpmn:sequenceFlow id="f7" sourceRef="after" targetRef="end" />
        """);

    [Fact]
    public async Task Fork_StartsEveryBranch_AndJoin_WaitsForAll()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(ForkJoin);
        var instance = await harness.StartAsync("p");
        Assert.Equal(["a", "b"], (await harness.OpenTasksAsync(instance.Id)).Select(t => t.ElementId).Order());

        await harness.CompleteAsync(instance.Id, "b");
        Assert.Equal(["a"], (await harness.OpenTasksAsync(instance.Id)).Select(t => t.ElementId));

        await harness.CompleteAsync(instance.Id, "a");
        Assert.Equal(["after"], (await harness.OpenTasksAsync(instance.Id)).Select(t => t.ElementId));
        var state = await harness.InstanceAsync(instance.Id);
        Assert.Equal(2, state.Executions.Count); // the root and the one merged token
    }
}

public sealed class InclusiveGatewayTests
{
    private static readonly string Options = BpmnText.Process("""
        <bpmn:startEvent id="start" />
        <bpmn:inclusiveGateway id="split" default="toArsip" />
        <bpmn:userTask id="cetak" />
        <bpmn:userTask id="unggah" />
        <bpmn:userTask id="arsip" />
        <bpmn:inclusiveGateway id="join" />
        <bpmn:endEvent id="end" />
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="split" />
        <bpmn:sequenceFlow id="toCetak" sourceRef="split" targetRef="cetak">
          <bpmn:conditionExpression>${cetak}</bpmn:conditionExpression>
        </bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="toUnggah" sourceRef="split" targetRef="unggah">
          <bpmn:conditionExpression>${unggah}</bpmn:conditionExpression>
        </bpmn:sequenceFlow>
        <bpmn:sequenceFlow id="toArsip" sourceRef="split" targetRef="arsip" />
        <bpmn:sequenceFlow id="f2" sourceRef="cetak" targetRef="join" />
        <bpmn:sequenceFlow id="f3" sourceRef="unggah" targetRef="join" />
        <bpmn:sequenceFlow id="f4" sourceRef="arsip" targetRef="join" />
        <bpmn:sequenceFlow id="f5" sourceRef="join" targetRef="end" />
        """);

    [Fact]
    public async Task Split_TakesEveryTrueCondition_AndJoin_WaitsOnlyForThoseTaken()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(Options);
        var instance = await harness.StartAsync("p", new { cetak = true, unggah = true });
        Assert.Equal(["cetak", "unggah"], (await harness.OpenTasksAsync(instance.Id)).Select(t => t.ElementId).Order());

        await harness.CompleteAsync(instance.Id, "unggah");
        Assert.Equal(InstanceStatus.Running, (await harness.InstanceAsync(instance.Id)).Status);

        await harness.CompleteAsync(instance.Id, "cetak");
        Assert.Equal(InstanceStatus.Completed, (await harness.InstanceAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task Split_TakesTheDefault_WhenNoConditionHolds()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(Options);
        var instance = await harness.StartAsync("p", new { cetak = false, unggah = false });

        Assert.Equal(["arsip"], (await harness.OpenTasksAsync(instance.Id)).Select(t => t.ElementId));
        await harness.CompleteAsync(instance.Id, "arsip");
        Assert.Equal(InstanceStatus.Completed, (await harness.InstanceAsync(instance.Id)).Status);
    }

    [Fact]
    public async Task Join_WithOneBranch_PassesStraightThrough()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(Options);
        var instance = await harness.StartAsync("p", new { cetak = true, unggah = false });

        await harness.CompleteAsync(instance.Id, "cetak");

        Assert.Equal(InstanceStatus.Completed, (await harness.InstanceAsync(instance.Id)).Status);
    }
}
