using Kinerja.Engine.Execution;
using Kinerja.Engine.Tests.Support;

namespace Kinerja.Engine.Tests.Execution;

public sealed class SubProcessTests
{
    [Fact]
    public async Task SubProcess_RunsItsInnerFlow_ThenContinuesAfterIt()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(BpmnText.Process("""
            <bpmn:startEvent id="start" />
            <bpmn:subProcess id="verifikasi">
              <bpmn:startEvent id="s2" />
              <bpmn:userTask id="cek" />
              <bpmn:endEvent id="e2"><bpmn:terminateEventDefinition /></bpmn:endEvent>
              <bpmn:sequenceFlow id="g1" sourceRef="s2" targetRef="cek" />
              <bpmn:sequenceFlow id="g2" sourceRef="cek" targetRef="e2" />
            </bpmn:subProcess>
            <bpmn:userTask id="setelah" />
            <bpmn:endEvent id="end" />
            """ + BpmnText.Sequence("verifikasi", "setelah")));
        var instance = await harness.StartAsync("p");

        await harness.CompleteAsync(instance.Id, "cek", new { hasil = "lengkap" });

        // A terminate end event inside a sub-process ends only the sub-process.
        Assert.Equal(["setelah"], (await harness.OpenTasksAsync(instance.Id)).Select(t => t.ElementId));
        Assert.Equal("lengkap", (await harness.InstanceAsync(instance.Id)).Variables["hasil"]!.GetValue<string>());
        Assert.Equal(["start", "s2", "cek", "e2", "verifikasi"], await harness.CompletedElementsAsync(instance.Id));
    }
}

public sealed class CallActivityTests
{
    private const string Child = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d2" targetNamespace="t">
          <bpmn:process id="anak" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:userTask id="kerjakan" />
            <bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="kerjakan" />
            <bpmn:sequenceFlow id="f2" sourceRef="kerjakan" targetRef="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static readonly string Parent = BpmnText.Process("""
        <bpmn:startEvent id="start" />
        <bpmn:callActivity id="panggil" calledElement="anak">
          <bpmn:extensionElements>
            <camunda:in source="kode" target="kodeAnak" />
            <camunda:out source="hasil" target="hasilAnak" />
          </bpmn:extensionElements>
        </bpmn:callActivity>
        <bpmn:boundaryEvent id="batal" attachedToRef="panggil"><bpmn:messageEventDefinition messageRef="m" /></bpmn:boundaryEvent>
        <bpmn:userTask id="setelah" />
        <bpmn:endEvent id="end" />
        <bpmn:endEvent id="end2" />
        <bpmn:sequenceFlow id="f3" sourceRef="batal" targetRef="end2" />
        """ + BpmnText.Sequence("panggil", "setelah"), id: "induk", extraDefinitions: """<bpmn:message id="m" name="Batal" />""");

    [Fact]
    public async Task CallActivity_StartsTheCalledProcess_AndContinuesWithItsOutput()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(Child);
        await harness.DeployAsync(Parent);
        var parent = await harness.StartAsync("induk", new { kode = "DINKES" });

        var childTask = Assert.Single((await harness.Engine.QueryTasksAsync(new Storage.TaskQuery { ProcessKey = "anak" })).Items);
        var child = await harness.InstanceAsync(childTask.InstanceId);
        Assert.Equal(parent.Id, child.ParentInstanceId);
        Assert.Equal("DINKES", child.Variables["kodeAnak"]!.GetValue<string>());

        await harness.Engine.CompleteTaskAsync(childTask.Id, "operator", EngineHarness.Variables(new { hasil = 7 }));

        Assert.Equal(InstanceStatus.Completed, (await harness.InstanceAsync(child.Id)).Status);
        var state = await harness.InstanceAsync(parent.Id);
        Assert.Equal(7, state.Variables["hasilAnak"]!.GetValue<int>());
        Assert.DoesNotContain("hasil", state.Variables.Keys);
        Assert.Equal(["setelah"], (await harness.OpenTasksAsync(parent.Id)).Select(t => t.ElementId));
    }

    [Fact]
    public async Task InterruptingTheCallActivity_CancelsTheCalledInstance()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(Child);
        await harness.DeployAsync(Parent);
        var parent = await harness.StartAsync("induk", new { kode = "DINKES" }, businessKey: "bk");
        var childTask = Assert.Single((await harness.Engine.QueryTasksAsync(new Storage.TaskQuery { ProcessKey = "anak" })).Items);

        await harness.Engine.CorrelateMessageAsync("Batal", "bk");

        Assert.Equal(InstanceStatus.Completed, (await harness.InstanceAsync(parent.Id)).Status);
        Assert.Equal(InstanceStatus.Cancelled, (await harness.InstanceAsync(childTask.InstanceId)).Status);
        Assert.False((await harness.Engine.GetTaskAsync(childTask.Id)).IsOpen);
    }

    [Fact]
    public async Task CallingAProcessThatIsNotDeployed_IsRefusedByName()
    {
        var harness = new EngineHarness();
        await harness.DeployAsync(Parent);

        var error = await Assert.ThrowsAsync<EngineException>(() => harness.StartAsync("induk", new { kode = "X" }));

        Assert.Equal("panggil", error.ElementId);
        Assert.Contains("'anak'", error.Message, StringComparison.Ordinal);
    }
}
